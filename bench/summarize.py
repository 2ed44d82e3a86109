#!/usr/bin/env python3
"""Turns bench/results/jmh.json (+ hotpath.json) into the issue-6 ratios, as Markdown tables.

Usage: summarize.py results/jmh.json [results/hotpath.json [results/jmh-compare.json]]
"""
import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def index(results):
    out = {}
    for r in results:
        name = r["benchmark"].rsplit(".", 2)
        key = (name[-2], name[-1], tuple(sorted(r.get("params", {}).items())))
        out[key] = r
    return out


def get(idx, cls, method, **params):
    return idx.get((cls, method, tuple(sorted(params.items()))))


def score(r):
    return r["primaryMetric"]["score"] if r else None


def err(r):
    return r["primaryMetric"]["scoreError"] if r else None


def alloc(r):
    if not r:
        return None
    m = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return m["score"] if m else None


def secondary(r, name):
    if not r:
        return None
    m = r.get("secondaryMetrics", {}).get(name)
    return m["score"] if m else None


def f(x, digits=0):
    if x is None or isinstance(x, str) or x != x:  # JMH writes "NaN" for the error of a single iteration
        return "n/a"
    if digits == 0:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def verdict(ok):
    return "n/a" if ok is None else ("**met**" if ok else "**missed**")


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def table(header, rows):
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    print()


def main():
    jmh = index(load(sys.argv[1]))
    hot = load(sys.argv[2]) if len(sys.argv) > 2 else None
    other = index(load(sys.argv[3])) if len(sys.argv) > 3 else None
    algs = ["HS256", "RS256", "ES256"]

    print("### Target 1 (in-process part): JwtAuthFilter.doFilter without a container (JMH, ns/op)\n")
    rows = []
    for m, what in [("anonymous", "anonymous request (no Authorization header)"),
                    ("bearer", "Bearer request, token seen before"),
                    ("partHeaderCopy", "… of which: copying the header into a new String (the container's work)"),
                    ("partResolve", "… of which: BearerTokenResolver.resolve (incl. the copy)"),
                    ("partTokenHashCode", "… String.hashCode() of a new token (incl. a copy): the cache lookup's first step")]:
        r = get(jmh, "FilterBenchmark", m)
        if r:
            rows.append([what, f"{f(score(r))} ± {f(err(r))}", f(alloc(r))])
    seen = get(jmh, "VerifyBenchmark", "seenToken", alg="HS256")
    if seen:
        rows.append(["… BearerAuthenticator.authenticate, seen HS256 token (incl. a copy)", f"{f(score(seen))} ± {f(err(seen))}",
                     f(alloc(seen))])
    if rows:
        table(["JwtAuthFilter.doFilter (JDK of the main run)", "ns/op", "B/op"], rows)

    rows = []
    for m, what in [("bearer", "Bearer token, seen before (Tomcat's path + jwt-auth's module)"),
                    ("basic", "BASIC, checked by the module against a plain in-memory realm"),
                    ("tomcatPart", "… of which Tomcat's own objects (MessageInfoImpl, context id, Subject, incl. a header copy)")]:
        r = get(jmh, "ContainerBenchmark", m)
        if r:
            rows.append([what, f"{f(score(r))} ± {f(err(r))}", f(alloc(r))])
    if rows:
        fb = get(jmh, "FilterBenchmark", "bearer")
        if fb:
            rows.append(["filter mode for comparison: JwtAuthFilter.doFilter, Bearer", f"{f(score(fb))} ± {f(err(fb))}",
                         f(alloc(fb))])
        print("### Item 8 (in-process part): container mode's per-request path on Tomcat 11 (JMH)\n")
        table(["ServerAuthContext.validateRequest as AuthenticatorBase calls it", "ns/op", "B/op"], rows)

    print("### Target 2: verify path (JMH, ns/op, ± 99.9% CI)\n")
    rows = []
    for alg in algs:
        raw = get(jmh, "VerifyBenchmark", "rawHmacSha256", alg=alg)
        if not raw:
            continue
        seen = get(jmh, "VerifyBenchmark", "seenToken", alg=alg)
        r = ratio(score(seen), score(raw))
        rows.append([alg, f"{f(score(raw))} ± {f(err(raw))}", f"{f(score(seen))} ± {f(err(seen))}",
                     f(r, 2), verdict(r is not None and r <= 2.0)])
    table(["alg", "raw HMAC-SHA256", "seen token (authenticate, cached)", "seen / raw HMAC", "≤ 2×"], rows)

    rows = []
    for alg in algs:
        first = get(jmh, "VerifyBenchmark", "firstSeenToken", alg=alg)
        if not first:
            continue
        jj = get(jmh, "VerifyBenchmark", "javaJwtVerify", alg=alg)
        tv = get(jmh, "VerifyBenchmark", "tokenVerifier", alg=alg)
        rows.append([alg, f(score(first)), f(score(tv)), f(score(jj)),
                     f(ratio(score(first), score(jj)), 2), f(ratio(score(tv), score(jj)), 2)])
    table(["alg", "first-seen (authenticate, no token cache)", "TokenVerifier.verify", "java-jwt JWTVerifier.verify",
           "first-seen / java-jwt", "TokenVerifier / java-jwt"], rows)

    rows = []
    for alg in algs:
        first = get(jmh, "VerifyBenchmark", "firstSeenToken", alg=alg)
        if not first:
            continue
        rej = {m: get(jmh, "VerifyBenchmark", m, alg=alg)
               for m in ["rejectBadSignature", "rejectGarbage", "rejectOversized"]}
        worst = max(score(v) for v in rej.values() if v)
        r = ratio(worst, score(first))
        rows.append([alg, f(score(first))] + [f(score(v)) for v in rej.values()] +
                    [f(r, 2), verdict(r is not None and r <= 1.0)])
    table(["alg", "first-seen valid", "bad signature", "garbage", "oversized (8,193 chars)",
           "worst reject / first-seen", "≤ 1×"], rows)

    print("### Target 3: allocation (JMH -prof gc, bytes/op) and database round trips\n")
    rows = []
    for alg in algs:
        row = [alg]
        for m in ["rawHmacSha256", "seenToken", "firstSeenToken", "tokenVerifier", "javaJwtVerify",
                  "rejectBadSignature", "rejectGarbage", "rejectOversized"]:
            row.append(f(alloc(get(jmh, "VerifyBenchmark", m, alg=alg))))
        if len(row) > 1 and row[1] != "n/a":
            rows.append(row)
    table(["alg", "raw HMAC", "seen", "first-seen", "TokenVerifier", "java-jwt", "bad sig", "garbage",
           "oversized"], rows)
    print("Every benchmark call also copies the token into a new String (as a request does): "
          "~340 B of the above for a ~300-character token, 8.2 KB for the oversized one.\n")
    if hot:
        s = hot["steady"]
        per = s["requestThreadRoundTrips"] / s["authentications"] if s["authentications"] else 0
        print(f"Steady state ({s['seconds']} s, {s['threads']} threads, one HS256 token, real clock, status TTL 5 s): "
              f"{s['authentications']:,} authentications, **{s['requestThreadRoundTrips']} database round trips on "
              f"request threads** ({per:.1e} per request; target 0: {verdict(s['requestThreadRoundTrips'] == 0)}), "
              f"{s['backgroundRoundTrips']} background renewals (one per key-pair every ~2.5 s); "
              f"the token's first request made {s['firstRequestRoundTrips']}.\n")

    print("### Target 4: token endpoint\n")
    ex = get(jmh, "ExchangeBenchmark", "exchange")
    bc = get(jmh, "ExchangeBenchmark", "bcryptCheckOnly")
    rf = get(jmh, "ExchangeBenchmark", "refresh")
    if ex:
        table(["operation (1 client, H2, µs/op)", "µs/op", "share of an exchange"],
              [["exchange (TokenService.exchange)", f(score(ex)), "100%"],
               ["bcrypt check alone (cost 10)", f(score(bc)), f"{100 * score(bc) / score(ex):.1f}%"],
               ["refresh (TokenService.refresh)", f(score(rf), 1), f"{100 * score(rf) / score(ex):.2f}%"]])
    rows = []
    for db in ["h2", "postgresql"]:
        for pool in ["pooled", "unpooled"]:
            vals = [score(get(jmh, "RefreshBenchmark", m, db=db, pool=pool))
                    for m in ["clients01", "clients08", "clients64"]]
            if any(v is not None for v in vals):
                rows.append([db, pool] + [f(v) for v in vals] +
                            [verdict(max(v for v in vals if v is not None) >= 1000) if db == "h2" else "reported"])
    if rows:
        table(["database", "DataSource", "1 client", "8 clients", "64 clients", "≥ 1,000/s on H2"], rows)

    if other:
        print("### The hot path on another JVM (same machine, separate run)\n")
        rows = []
        for cls, m, p in [("VerifyBenchmark", "rawHmacSha256", {"alg": "HS256"}),
                          ("VerifyBenchmark", "seenToken", {"alg": "HS256"}),
                          ("VerifyBenchmark", "firstSeenToken", {"alg": "HS256"}),
                          ("VerifyBenchmark", "javaJwtVerify", {"alg": "HS256"}),
                          ("FilterBenchmark", "bearer", {}), ("FilterBenchmark", "partResolve", {}),
                          ("FilterBenchmark", "partTokenHashCode", {})]:
            a, b = get(jmh, cls, m, **p), get(other, cls, m, **p)
            if a and b:
                rows.append([f"{cls}.{m}", f(score(a)), f(score(b))])
        raw, seen = get(other, "VerifyBenchmark", "rawHmacSha256", alg="HS256"), get(other, "VerifyBenchmark", "seenToken", alg="HS256")
        table(["benchmark (HS256, ns/op)", "main JVM", "other JVM"], rows)
        if raw and seen:
            print(f"Other JVM: seen / raw HMAC = {score(seen) / score(raw):.2f}.\n")

    print("### Target 5: scale (HS256, default bounded caches: 10,000 statuses, 10,000 tokens)\n")
    rows = []
    mem = {m["keyPairs"]: m for m in hot["memory"]} if hot else {}
    for n in ["10", "10000", "1000000"]:
        r = get(jmh, "ScaleBenchmark", "authenticate", keyPairs=n)
        m = mem.get(int(n))
        if not r and not m:
            continue
        calls, trips = secondary(r, "calls"), secondary(r, "dbRoundTrips")
        rows.append([f(int(n)), f(score(r)), f(ratio(trips, calls), 3) if calls else "n/a", f(alloc(r)),
                     f(m["tokenCacheEntries"]) if m else "n/a",
                     f(m["tokenCacheBytes"] / 1048576, 1) if m else "n/a",
                     f(m["statusCacheEntries"]) if m else "n/a",
                     f(m["statusCacheBytes"] / 1048576, 1) if m else "n/a"])
    table(["distinct key-pairs", "authenticate ops/s", "DB round trips per request", "B/op",
           "token cache entries", "token cache MiB", "status cache entries", "status cache MiB"], rows)


if __name__ == "__main__":
    main()
