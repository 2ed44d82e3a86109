package io.github.jwtauth.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SavedPostTest {
  /**
   * A fake request: a POST with body (for {@link SavedPost#read}), or the GET of the saved URL with
   * query parameters (for {@link SavedPost#replay}).
   */
  static HttpServletRequest request(
      String method,
      byte[] body,
      String contentType,
      String characterEncoding,
      Map<String, String[]> query) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            SavedPostTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (p, m, a) ->
                switch (m.getName()) {
                  case "getMethod" -> method;
                  case "getContentType" -> contentType;
                  case "getCharacterEncoding" -> characterEncoding;
                  case "getInputStream" -> input(body);
                  case "getParameterMap" -> query;
                  case "getHeader" -> "accept".equalsIgnoreCase((String) a[0]) ? "text/html" : null;
                  case "getHeaderNames" -> Collections.enumeration(List.of("Accept"));
                  default -> throw new UnsupportedOperationException(m.getName());
                });
  }

  static ServletInputStream input(byte[] body) {
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public int read() {
        return in.read();
      }

      @Override
      public boolean isFinished() {
        return in.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener l) {
        throw new UnsupportedOperationException();
      }
    };
  }

  static HttpServletRequest get(Map<String, String[]> query, String characterEncoding) {
    return request("GET", new byte[0], null, characterEncoding, query);
  }

  static SavedPost saved(String contentType, String body) throws IOException {
    return SavedPost.read(
        request("POST", body.getBytes(StandardCharsets.UTF_8), contentType, null, Map.of()),
        "/app/form?step=2");
  }

  @Test
  void whenBodyAtTheLimitThenSavedWhole() throws IOException {
    byte[] body = new byte[SavedPost.MAX_BYTES];
    SavedPost p = SavedPost.read(request("POST", body, "text/plain", null, Map.of()), "/x");
    assertNotNull(p);
    assertArrayEquals(body, p.body());
    assertEquals("/x", p.url());
  }

  @Test
  void whenBodyOverTheLimitThenNotSaved() throws IOException {
    byte[] body = new byte[SavedPost.MAX_BYTES + 1];
    assertNull(SavedPost.read(request("POST", body, "text/plain", null, Map.of()), "/x"));
  }

  @Test
  void whenFormBodyReplayedThenQueryParametersFirstThenTheBodysInTheRequestEncoding()
      throws IOException {
    SavedPost p =
        saved("application/x-www-form-urlencoded", "comment=caf%C3%A9+au+lait&step=3&empty=&flag");
    HttpServletRequest r = p.replay(get(Map.of("step", new String[] {"2"}), "UTF-8"));
    assertEquals("POST", r.getMethod());
    assertEquals("application/x-www-form-urlencoded", r.getContentType());
    assertEquals("application/x-www-form-urlencoded", r.getHeader("Content-Type"));
    assertEquals(p.body().length, r.getContentLength());
    assertEquals(Integer.toString(p.body().length), r.getHeader("Content-Length"));
    assertEquals("café au lait", r.getParameter("comment"));
    assertArrayEquals(new String[] {"2", "3"}, r.getParameterValues("step"));
    assertEquals("2", r.getParameter("step"));
    assertEquals("", r.getParameter("empty"));
    assertEquals("", r.getParameter("flag"));
    assertEquals(
        List.of("step", "comment", "empty", "flag"),
        Collections.list(r.getParameterNames()),
        "query parameters first");
    assertEquals("text/html", r.getHeader("Accept"), "other headers are the request's");
    assertEquals(
        List.of("Accept", "Content-Type", "Content-Length"), Collections.list(r.getHeaderNames()));
  }

  @Test
  void whenCharsetInTheContentTypeThenItWinsOverTheRequestEncoding() throws IOException {
    SavedPost p =
        SavedPost.read(
            request(
                "POST",
                "name=%E9t%E9".getBytes(StandardCharsets.US_ASCII),
                "application/x-www-form-urlencoded; charset=ISO-8859-1",
                null,
                Map.of()),
            "/x");
    assertEquals("été", p.replay(get(Map.of(), "UTF-8")).getParameter("name"));
  }

  @Test
  void whenMalformedPercentEncodingThenThatPairIsDroppedAndTheRestKept() throws IOException {
    SavedPost p = saved("application/x-www-form-urlencoded", "bad=%zz&good=1");
    HttpServletRequest r = p.replay(get(Map.of(), "UTF-8"));
    assertNull(r.getParameter("bad"));
    assertEquals("1", r.getParameter("good"));
  }

  @Test
  void whenJsonBodyReplayedThenTheReaderAndTheStreamGiveItAndParametersAreTheQuerys()
      throws IOException {
    String json = "{\"title\":\"naïve\"}";
    SavedPost p = saved("application/json; charset=UTF-8", json);
    HttpServletRequest r = p.replay(get(Map.of("step", new String[] {"2"}), null));
    assertEquals(json, r.getReader().readLine());
    assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), r.getInputStream().readAllBytes());
    assertEquals(Map.of("step", List.of("2")), toLists(r.getParameterMap()));
  }

  @Test
  void whenNoContentTypeThenNoneAndTheBodyStillReadable() throws IOException {
    SavedPost p = saved(null, "raw");
    HttpServletRequest r = p.replay(get(Map.of(), null));
    assertNull(r.getContentType());
    assertNull(r.getHeader("content-type"));
    assertEquals(List.of("Accept", "Content-Length"), Collections.list(r.getHeaderNames()));
    assertEquals("raw", new String(r.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  static Map<String, List<String>> toLists(Map<String, String[]> m) {
    return m.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
  }
}
