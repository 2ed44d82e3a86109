package io.github.jwtauth.container;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * Fuzz target for {@link SavedPost}: any content type (the first line) and body (the rest) of a
 * POST that needed a FORM login, replayed on a GET whose query is {@code q=1}. Contract: the body
 * is saved whole up to the limit, and nothing comes out of the replay but the saved bytes and
 * parameters: never an exception; the query's parameter first; every parameter has a value
 * (RELIABILITY.md, "Fuzzing").
 */
class SavedPostFuzzTest {
  @FuzzTest
  void whenAnyContentTypeAndBodyThenReplayedOrRefusedNeverAnException(byte[] data)
      throws IOException {
    int nl = indexOf(data, (byte) '\n');
    String type = nl < 0 ? null : new String(data, 0, nl, UTF_8);
    byte[] body = nl < 0 ? data : Arrays.copyOfRange(data, nl + 1, data.length);
    SavedPost saved =
        SavedPost.read(SavedPostTest.request("POST", body, type, null, Map.of()), "/x?q=1");
    if (body.length > SavedPost.MAX_BYTES) {
      assertEquals(null, saved);
      return;
    }
    assertNotNull(saved);
    HttpServletRequest r =
        saved.replay(SavedPostTest.get(Map.of("q", new String[] {"1"}), "UTF-8"));
    assertEquals("POST", r.getMethod());
    assertArrayEquals(body, r.getInputStream().readAllBytes());
    assertEquals("1", r.getParameter("q"));
    for (Map.Entry<String, String[]> e : r.getParameterMap().entrySet()) {
      assertNotNull(e.getKey());
      for (String v : e.getValue()) {
        assertNotNull(v, e.getKey());
      }
    }
    r.getReader().lines().count();
  }

  private static int indexOf(byte[] data, byte b) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
