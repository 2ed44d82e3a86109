package io.github.jwtauth.it.attack;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Forgery.B64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Api.KeyPair;
import io.github.jwtauth.testsupport.AttackFixture;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Guessing key-pair secrets on {@code /token} (README, "Security model": guessing key-pair secrets,
 * an attacker locking out a real user, timing), over HTTP against Jetty 12 and Tomcat 11: 429 with
 * {@code Retry-After} before bcrypt runs, per key and per address, {@code X-Forwarded-For} read as
 * one chain whose rightmost untrusted hop is the client, unknown key and wrong secret answered
 * byte-identically, and secrets over bcrypt's 72 bytes refused (CVE-2025-22228). Runs on a
 * deployment of its own with small failure limits.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Container.Kind.class)
class BruteForceAttackIT extends AttackFixture {
  /** Failure limits of the brute-force deployment. */
  static final int PER_KEY = 3;

  static final int PER_ADDRESS = 6;

  Api brute;

  @BeforeParameterizedClassInvocation
  void startBrute() {
    Databases.Db bruteDb = closeAfterContainer(Databases.h2("attack-brute"));
    brute =
        new Api(
            container
                .deploy(
                    TestWebapp.named("attack-brute")
                        .param("jwt-auth.secret", SECRET)
                        .param("jwt-auth.schema-create", "true")
                        .params(bruteDb.jdbcParams())
                        .param("jwt-auth.max-failures-per-key", String.valueOf(PER_KEY))
                        .param("jwt-auth.max-failures-per-address", String.valueOf(PER_ADDRESS))
                        .param("jwt-auth.trusted-proxies", "127.0.0.1"))
                .requireStarted());
  }

  // ================================================================== brute force on /token

  static Http.Res tokenFrom(Api api, String address, String apiKey, String apiSecret) {
    return api.api("/token")
        .header("X-Forwarded-For", address)
        .multipart("api_key", apiKey, "api_secret", apiSecret)
        .post();
  }

  /**
   * As {@link #tokenFrom}, with one {@code X-Forwarded-For} header line per entry, in order (as
   * HAProxy's {@code option forwardfor} appends its own line); {@link Http} sends each on its own
   * line.
   */
  static Http.Res tokenFromLines(Api api, List<String> lines, String apiKey, String apiSecret) {
    Http.Req req = api.api("/token");
    for (String line : lines) {
      req.header("X-Forwarded-For", line);
    }
    return req.multipart("api_key", apiKey, "api_secret", apiSecret).post();
  }

  static void assertThrottled(Http.Res r) {
    endpointError(r, 429, TOO_MANY);
    String retryAfter = r.header("Retry-After");
    assertNotNull(retryAfter, () -> "429 without Retry-After: " + r);
    assertTrue(retryAfter.matches("[1-9][0-9]{0,3}"), () -> "Retry-After in seconds: " + r);
  }

  static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  @Test
  void whenOneApiKeyIsHammeredThen429FastBeforeBcryptAndTheOwnersOtherKeyPairStillGetsATokens()
      throws Exception {
    KeyPair hammered = brute.createKeyPair("admin", "hammered");
    KeyPair other = brute.createKeyPair("admin", "other");
    String attacker = "198.51.100.1";
    List<Long> refusedTimes = new ArrayList<>();
    for (int i = 1; i <= PER_KEY; i++) {
      long t0 = System.nanoTime();
      Http.Res r = tokenFrom(brute, attacker, hammered.apiKey(), "wrong-secret-" + i);
      refusedTimes.add(System.nanoTime() - t0);
      endpointError(r, 403, INVALID_KEY_PAIR);
    }
    List<Long> throttledTimes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      Http.Res r = tokenFrom(brute, attacker, hammered.apiKey(), "wrong-again-" + i);
      throttledTimes.add(System.nanoTime() - t0);
      assertThrottled(r);
    }
    // the right secret is not even looked at while the key waits
    assertThrottled(tokenFrom(brute, attacker, hammered.apiKey(), hammered.apiSecret()));
    // 429 comes before bcrypt: much faster than a refusal that ran bcrypt, measured side by side
    long slow = median(refusedTimes);
    long fast = median(throttledTimes);
    assertTrue(
        fast * 4 < slow,
        () -> "429 median " + fast / 1000 + " µs vs 403 median " + slow / 1000 + " µs");
    // no lockout of the owner's other key-pair, neither from the attacker's address nor the owner's
    assertEquals(200, tokenFrom(brute, attacker, other.apiKey(), other.apiSecret()).status());
    assertEquals(200, tokenFrom(brute, "192.0.2.10", other.apiKey(), other.apiSecret()).status());
  }

  @Test
  void whenOneAddressIsNoisyThenItIsThrottledButAnotherAddressIsNot() throws Exception {
    KeyPair victim = brute.createKeyPair("alice", "victim");
    String noisy = "198.51.100.66";
    String quiet = "198.51.100.77";
    for (int i = 1; i <= PER_ADDRESS; i++) {
      endpointError(
          tokenFrom(brute, noisy, "unknown-" + UUID.randomUUID(), "wrong"), 403, INVALID_KEY_PAIR);
    }
    assertThrottled(tokenFrom(brute, noisy, "unknown-" + UUID.randomUUID(), "wrong"));
    assertThrottled(tokenFrom(brute, noisy, victim.apiKey(), victim.apiSecret()));
    // a forged left-most X-Forwarded-For entry does not hide the noisy address (rightmost untrusted
    // hop)
    assertThrottled(tokenFrom(brute, "203.0.113.9, " + noisy, victim.apiKey(), victim.apiSecret()));
    // another address is not locked out, and its own failures are counted afresh
    assertEquals(200, tokenFrom(brute, quiet, victim.apiKey(), victim.apiSecret()).status());
    endpointError(tokenFrom(brute, quiet, victim.apiKey(), "wrong"), 403, INVALID_KEY_PAIR);
    assertEquals(200, tokenFrom(brute, quiet, victim.apiKey(), victim.apiSecret()).status());
  }

  /**
   * A client's own {@code X-Forwarded-For} line stays first when the trusted proxy appends a second
   * line: the lines are one chain, and the address recorded is the proxy's entry.
   */
  @Test
  void whenTheTrustedProxyAppendsAForwardedForLineThenLastIpIsItsEntryNotTheClientsLine() {
    KeyPair kp = brute.createKeyPair("bob", "xff-lines-" + UUID.randomUUID());
    Http.Res r =
        tokenFromLines(brute, List.of("203.0.113.66", "10.0.0.5"), kp.apiKey(), kp.apiSecret());
    assertEquals(200, r.status(), r::toString);
    JsonObject row = null;
    for (JsonValue v : brute.list("bob", null)) {
      if (v.asJsonObject().getString("api_key").equals(kp.apiKey())) {
        row = v.asJsonObject();
      }
    }
    assertNotNull(row, "row listed");
    assertEquals("10.0.0.5", row.getString("last_ip"), row::toString);
  }

  /**
   * Failures sent with {@code X-Forwarded-For} lines {@code VICTIM} then {@code ATTACKER} count
   * against ATTACKER (the rightmost untrusted hop): a client cannot lock another address out by
   * naming it in a first line.
   */
  @Test
  void whenFailuresNameAVictimInAFirstForwardedForLineThenTheyCountAgainstTheSender() {
    String victim = "192.0.2.201";
    String attacker = "198.51.100.201";
    for (int i = 1; i <= PER_ADDRESS; i++) {
      endpointError(
          tokenFromLines(brute, List.of(victim, attacker), "unknown-" + UUID.randomUUID(), "wrong"),
          403,
          INVALID_KEY_PAIR);
    }
    endpointError(
        tokenFrom(brute, victim, "unknown-" + UUID.randomUUID(), "wrong"), 403, INVALID_KEY_PAIR);
    assertThrottled(tokenFrom(brute, attacker, "unknown-" + UUID.randomUUID(), "wrong"));
  }

  /**
   * An identity that reached its limit is told {@code Retry-After: 1}: an attempt 100 to 300 ms
   * later must still be throttled even when a clock second ends in between (a limiter keeping whole
   * seconds let that attempt through; fixed by counting milliseconds).
   */
  @Test
  void whenTheThresholdIsReachedLateInASecondThenAnAttemptWithinRetryAfterIsStillThrottled()
      throws Exception {
    for (int round = 0; round < 4; round++) {
      String address = "198.51.100." + (120 + round);
      String key = "unknown-" + UUID.randomUUID();
      for (int i = 1; i < PER_KEY; i++) {
        endpointError(tokenFrom(brute, address, key, "wrong"), 403, INVALID_KEY_PAIR);
      }
      long ms = System.currentTimeMillis() % 1000;
      Thread.sleep(ms <= 800 ? 800 - ms : 1800 - ms);
      long sentSecond = System.currentTimeMillis() / 1000;
      endpointError(tokenFrom(brute, address, key, "wrong"), 403, INVALID_KEY_PAIR);
      long failedAt = System.currentTimeMillis();
      if (failedAt / 1000 != sentSecond) {
        continue; // the failure may have been recorded in the next second: place it again
      }
      Thread.sleep(1000 - failedAt % 1000 + 50);
      long elapsed = System.currentTimeMillis() - failedAt;
      Http.Res r = tokenFrom(brute, address, key, "wrong");
      assertTrue(elapsed < 1000, "the retry is inside the second the client was told to wait");
      assertEquals(
          429,
          r.status(),
          () ->
              "an attempt "
                  + elapsed
                  + " ms after the failure that reached the limit"
                  + " (a wait of 1 s is due) was judged, not throttled: "
                  + r);
      assertThrottled(r);
      return;
    }
    fail("could not place a failure late in a second in four tries");
  }

  @Test
  void whenSecretIsWrongOrKeyIsUnknownThenTheAnswersAreByteIdentical() {
    List<Http.Res> wrongSecret = new ArrayList<>();
    List<Http.Res> unknownKey = new ArrayList<>();
    List<Http.Res> longUnknownKey = new ArrayList<>();
    List<Long> wrongTimes = new ArrayList<>();
    List<Long> unknownTimes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      wrongSecret.add(hs.api.token(hs.reference.apiKey(), hs.reference.apiSecret() + "x"));
      wrongTimes.add(System.nanoTime() - t0);
      t0 = System.nanoTime();
      unknownKey.add(hs.api.token(randomLike(hs.reference.apiKey()), hs.reference.apiSecret()));
      unknownTimes.add(System.nanoTime() - t0);
      longUnknownKey.add(hs.api.token("k".repeat(200), hs.reference.apiSecret()));
    }
    Http.Res reference = wrongSecret.get(0);
    endpointError(reference, 403, INVALID_KEY_PAIR);
    for (Http.Res r :
        Stream.of(wrongSecret, unknownKey, longUnknownKey).flatMap(List::stream).toList()) {
      assertEquals(reference.status(), r.status(), r::toString);
      assertEquals(reference.body(), r.body(), "byte-identical bodies");
      assertEquals(headersWithoutDate(reference), headersWithoutDate(r), "identical headers");
    }
    // an unknown key costs a bcrypt too (against a dummy hash): no cheap oracle for valid keys
    long wrong = median(wrongTimes);
    long unknown = median(unknownTimes);
    assertTrue(
        unknown * 3 > wrong,
        () -> "unknown key " + unknown / 1000 + " µs vs wrong secret " + wrong / 1000 + " µs");
  }

  static Map<String, List<String>> headersWithoutDate(Http.Res r) {
    Map<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    r.headers()
        .forEach(
            (k, v) -> {
              if (!k.equalsIgnoreCase("date")) {
                m.put(k, v);
              }
            });
    return m;
  }

  static String randomLike(String apiKey) {
    byte[] b = new byte[Base64.getUrlDecoder().decode(apiKey).length];
    new java.security.SecureRandom().nextBytes(b);
    return B64.encodeToString(b);
  }

  /**
   * CVE-2025-22228: bcrypt reads 72 bytes. The real 55-character secret, a NUL and the secret's
   * first 16 characters are exactly the 72 bytes bcrypt derives from the real secret, so bcrypt
   * alone accepts that text with anything appended (checked below with jBCrypt itself). jwt-auth
   * refuses it in every encoding: as a {@code jwtas_} text that is no well-formed secret before
   * bcrypt, and any secret over 72 bytes (SecretHasherTest, for secrets of the old format too).
   */
  @Test
  void whenSecretIsLongerThan72BytesAndItsFirst72BytesAreWhatBcryptSeesOfTheRealSecretThen403() {
    String secret = hs.reference.apiSecret();
    assertEquals(55, secret.length(), "generated secrets are jwtas_ + 49 base62 characters");
    String first72 = secret + "\0" + secret.substring(0, 72 - secret.length() - 1);
    assertEquals(72, first72.getBytes(StandardCharsets.UTF_8).length);
    String longer = first72 + "-and-anything-after-it";
    assertTrue(
        BCrypt.checkpw(longer, BCrypt.hashpw(secret, BCrypt.gensalt(4))),
        "the premise: plain bcrypt accepts the longer text for the real secret");
    endpointError(hs.api.token(hs.reference.apiKey(), longer), 403, INVALID_KEY_PAIR);
    endpointError(
        hs.api.api("/token").form("api_key", hs.reference.apiKey(), "api_secret", longer).post(),
        403,
        INVALID_KEY_PAIR);
    endpointError(
        hs.api
            .api("/token")
            .json(Json.obj("api_key", hs.reference.apiKey(), "api_secret", longer))
            .post(),
        403,
        INVALID_KEY_PAIR);
    endpointError(
        hs.api
            .api("/token")
            .form(
                "grant_type",
                "client_credentials",
                "client_id",
                hs.reference.apiKey(),
                "client_secret",
                secret + "x".repeat(40))
            .post(),
        403,
        INVALID_KEY_PAIR);
  }
}
