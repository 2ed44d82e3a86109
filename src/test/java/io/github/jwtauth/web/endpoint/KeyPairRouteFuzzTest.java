package io.github.jwtauth.web.endpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for {@link KeyPairRoute}: any method (the first line) and path after {@code
 * /key-pair} (the rest). Contract: a route or none, never an exception; a route has a shape, and
 * any login or {@code api_key} it names is a whole, non-empty path segment (RELIABILITY.md,
 * "Fuzzing").
 */
class KeyPairRouteFuzzTest {
  @FuzzTest
  void whenAnyMethodAndPathThenRouteOrNone(byte[] data) {
    String text = new String(data, UTF_8);
    int nl = text.indexOf('\n');
    String method = nl < 0 ? text : text.substring(0, nl);
    String rest = nl < 0 ? "" : text.substring(nl + 1);
    KeyPairRoute.Shape shape = KeyPairRoute.shape(rest);
    KeyPairRoute route = KeyPairRoute.of(method, rest);
    if (route == null) {
      return;
    }
    assertNotNull(shape);
    for (String named : new String[] {route.user(), route.apiKey()}) {
      if (named != null) {
        assertFalse(named.isEmpty() || named.contains("/"), named);
        assertEquals(true, rest.contains("/" + named), named);
      }
    }
  }
}
