package io.github.jwtauth.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import java.util.Locale;

/**
 * Fuzz target for {@link ClientCredentials}: any {@code Authorization} header on a token request
 * without credentials in its body, i.e. {@code client_secret_basic} (RFC 6749 §2.3.1). Contract:
 * credentials, none, or {@code rest_authentication_invalid_request}, never another exception; a
 * {@code Basic} header is the only source, and the credentials never show in {@code toString}
 * (RELIABILITY.md, "Fuzzing").
 */
class ClientCredentialsFuzzTest {
  @FuzzTest
  void whenAnyAuthorizationHeaderThenCredentialsNoneOrInvalidRequest(byte[] data) {
    String header = data.length == 0 ? null : new String(data, UTF_8);
    RequestParams empty = RequestParamsTest.Req.of("application/x-www-form-urlencoded", "").read();
    ClientCredentials c;
    try {
      c =
          ClientCredentials.from(
              empty,
              BearerTokenResolverTest.withHeaders(
                  header == null ? new String[0] : new String[] {header}));
    } catch (JwtAuthException e) {
      assertEquals(ErrorCode.INVALID_REQUEST, e.error());
      return;
    }
    if (c == null) {
      assertTrue(header == null || !header.toLowerCase(Locale.ROOT).startsWith("basic "), header);
      return;
    }
    assertTrue(header.toLowerCase(Locale.ROOT).startsWith("basic "), header);
    assertTrue(c.basic());
    assertEquals("ClientCredentials[basic]", c.toString());
  }
}
