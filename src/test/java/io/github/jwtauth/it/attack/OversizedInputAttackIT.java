package io.github.jwtauth.it.attack;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.AttackFixture;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.RawHttp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Oversized and deeply nested input (README, "Security model": oversized or malicious input), over
 * HTTP against Jetty 12 and Tomcat 11: huge {@code Authorization} headers and correctly signed
 * tokens with deeply nested JSON get a fast 4xx, never a 500 or a hang, and the server answers
 * normally afterwards.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Container.Kind.class)
class OversizedInputAttackIT extends AttackFixture {
  // ================================================================== oversized input

  /**
   * Authorization headers of 6 KiB (under the containers' limits, over the deployment's {@code
   * max-token-size}), 8 KiB, 64 KiB and 1 MiB: a quick 400, 401 or 431 from the container or the
   * library, never a 500 or a hang, and the server answers normally afterwards.
   */
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {6 * 1024, 8 * 1024, 64 * 1024, 1024 * 1024})
  void whenAuthorizationHeaderIsHugeThenFast4xxAndTheServerStillServes(int size) {
    String value = "Bearer eyJ" + "A".repeat(size - 10);
    assertEquals(size, value.length());
    RawHttp.Answer a =
        RawHttp.get(
            hs.deployment.baseUri(),
            hs.deployment.contextPath() + "/api/me",
            Duration.ofSeconds(10),
            "Authorization: " + value);
    assertTrue(List.of(400, 401, 431).contains(a.status()), () -> "status: " + a);
    assertTrue(a.elapsed().compareTo(Duration.ofSeconds(5)) < 0, () -> "slow: " + a);
    if (a.status() == 401) {
      assertEquals(TOKEN_ERROR, Json.object(a.body()).getString("code"), a::toString);
    }
    if (size == 6 * 1024) {
      assertEquals(401, a.status(), () -> "under the container's limit the library answers: " + a);
    }
    Expect.me(hs.api.me(hs.tokens.access()), "admin", "Bearer", true);
  }

  static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  /**
   * Deeply nested JSON in a correctly signed token: 5000 levels (over every size limit) and 1200
   * levels (under {@code max-token-size}, over the JSON parser's depth limit), in the claims and in
   * the header, as Bearer token and as refresh token: a fast 4xx every time.
   */
  @Test
  void whenTokenJsonIsDeeplyNestedThenFast4xx() {
    String deepClaims =
        hs.claims(b -> b).toString().replaceFirst("^\\{", "{\"x\":" + nested(1200) + ",");
    String deepHeader = hs.header().toString().replaceFirst("^\\{", "{\"x\":" + nested(1200) + ",");
    String inClaims = hs.signText(hs.header().toString(), deepClaims);
    String inHeader = hs.signText(deepHeader, hs.claims(b -> b).toString());
    assertTrue(
        inClaims.length() < MAX_TOKEN && inHeader.length() < MAX_TOKEN,
        "1200 levels fit max-token-size");
    String huge =
        hs.signText(
            hs.header().toString(),
            hs.claims(b -> b).toString().replaceFirst("^\\{", "{\"x\":" + nested(5000) + ","));
    for (String token : List.of(inClaims, inHeader)) {
      long t0 = System.nanoTime();
      refused(hs, token, TOKEN_ERROR);
      endpointError(hs.api.refresh(token), 403, TOKEN_ERROR);
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "fast");
    }
    long t0 = System.nanoTime();
    RawHttp.Answer a =
        RawHttp.get(
            hs.deployment.baseUri(),
            hs.deployment.contextPath() + "/api/me",
            Duration.ofSeconds(10),
            "Authorization: Bearer " + huge);
    assertTrue(List.of(400, 401, 431).contains(a.status()), () -> "status: " + a);
    Http.Res r = hs.api.refresh(huge);
    assertTrue(r.status() == 400 || r.status() == 403, r::toString);
    endpointError(
        r, r.status(), r.status() == 400 ? "rest_authentication_invalid_request" : TOKEN_ERROR);
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "fast");
  }
}
