package io.github.jwtauth.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The peers' first-seen comparison of {@link VerifyBenchmark} timed in the calling thread's CPU
 * time instead of wall time, for a machine shared with other work (JMH's ns/op there counts the
 * time the thread waited for a core; CPU time does not). For each algorithm it builds one {@link
 * VerifyBenchmark} trial (same tokens, keys and wiring), warms every operation up for {@code
 * warmup.cpu.ms} of CPU, then runs {@code rounds} rounds; in each round every operation runs for
 * about {@code round.cpu.ms} of CPU, in forward order on even rounds and backward on odd ones.
 * Prints one JSON object per line: alg, operation, the median and range of CPU ns per call.
 *
 * <p>Usage: {@code java -Dwarmup.cpu.ms=1000 -Drounds=5 -Dround.cpu.ms=150 FirstSeenCpuReport}.
 */
public final class FirstSeenCpuReport {
  private static volatile int sink;

  private FirstSeenCpuReport() {}

  public static void main(String[] args) {
    long warmupNs = Long.getLong("warmup.cpu.ms", 1000) * 1_000_000;
    int rounds = Integer.getInteger("rounds", 5);
    long roundNs = Long.getLong("round.cpu.ms", 150) * 1_000_000;
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (String alg : new String[] {"HS256", "RS256", "ES256"}) {
      VerifyBenchmark b = new VerifyBenchmark();
      b.alg = alg;
      b.setUp();
      Map<String, Supplier<Object>> ops = new LinkedHashMap<>();
      ops.put("firstSeenToken", b::firstSeenToken);
      ops.put("tokenVerifier", b::tokenVerifier);
      ops.put("springDecode", b::springDecode);
      ops.put("javaJwtVerify", b::javaJwtVerify);
      ops.put("seenToken", b::seenToken);
      Map<String, Long> batch = new LinkedHashMap<>();
      Map<String, List<Double>> perCall = new LinkedHashMap<>();
      for (var e : ops.entrySet()) {
        // warm-up, and a batch size that takes about roundNs of CPU
        long n = 0;
        long t0 = cpu.getCurrentThreadCpuTime();
        while (cpu.getCurrentThreadCpuTime() - t0 < warmupNs) {
          for (int i = 0; i < 100; i++) {
            sink += e.getValue().get().hashCode();
          }
          n += 100;
        }
        long ns = cpu.getCurrentThreadCpuTime() - t0;
        batch.put(e.getKey(), Math.max(1, n * roundNs / ns));
        perCall.put(e.getKey(), new ArrayList<>());
      }
      List<String> order = new ArrayList<>(ops.keySet());
      for (int r = 0; r < rounds; r++) {
        List<String> now = new ArrayList<>(order);
        if (r % 2 == 1) {
          Collections.reverse(now);
        }
        for (String name : now) {
          Supplier<Object> op = ops.get(name);
          long n = batch.get(name);
          long t0 = cpu.getCurrentThreadCpuTime();
          for (long i = 0; i < n; i++) {
            sink += op.get().hashCode();
          }
          perCall.get(name).add((cpu.getCurrentThreadCpuTime() - t0) / (double) n);
        }
      }
      b.tearDown();
      for (var e : perCall.entrySet()) {
        List<Double> v = new ArrayList<>(e.getValue());
        Collections.sort(v);
        System.out.printf(
            "{\"alg\": \"%s\", \"op\": \"%s\", \"cpu_ns_median\": %.0f, \"cpu_ns_min\": %.0f,"
                + " \"cpu_ns_max\": %.0f, \"rounds\": %d}%n",
            alg, e.getKey(), v.get(v.size() / 2), v.get(0), v.get(v.size() - 1), v.size());
      }
    }
  }
}
