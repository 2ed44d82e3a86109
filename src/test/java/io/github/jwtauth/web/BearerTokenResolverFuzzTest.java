package io.github.jwtauth.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fuzz target for {@link BearerTokenResolver}: any {@code Authorization} header values (one per
 * line of the input; an empty input is no header). Contract: a token, null, or our own exception; a
 * token is never empty, never padded with blanks and is what follows {@code Bearer} in the one
 * header (RELIABILITY.md, "Fuzzing").
 */
class BearerTokenResolverFuzzTest {
  static final int MAX = 512;
  final BearerTokenResolver resolver = new BearerTokenResolver(MAX);

  @FuzzTest
  void whenAnyAuthorizationHeadersThenTokenNullOrOwnError(byte[] data) {
    String text = new String(data, UTF_8);
    List<String> headers = text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
    String token;
    try {
      token = resolver.resolve(BearerTokenResolverTest.withHeaders(headers.toArray(String[]::new)));
    } catch (JwtAuthException e) {
      assertTrue(
          List.of(ErrorCode.NO_TOKEN, ErrorCode.INVALID_REQUEST, ErrorCode.TOKEN_ERROR)
              .contains(e.error()),
          e.error().name());
      if (e.error() == ErrorCode.TOKEN_ERROR) {
        assertTrue(headers.get(0).length() > MAX);
      }
      return;
    }
    if (token == null) {
      return;
    }
    String header = headers.get(0);
    assertEquals(1, headers.size(), "a token from one of several Authorization headers");
    assertTrue(header.length() <= MAX);
    assertFalse(token.isEmpty());
    assertTrue(token.charAt(0) != ' ' && token.charAt(token.length() - 1) > ' ', token);
    // trim() drops the characters up to U+0020, as the resolver does (RFC 9110 §5.6.3 OWS)
    String trimmed = header.trim();
    assertTrue(trimmed.toLowerCase(Locale.ROOT).startsWith("bearer "), header);
    assertEquals(trimmed.substring("bearer".length()).replaceFirst("^ +", ""), token);
  }
}
