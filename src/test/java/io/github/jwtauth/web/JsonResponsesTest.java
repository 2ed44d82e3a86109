package io.github.jwtauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JsonResponsesTest {
  /**
   * A fake response that records what is written: status, every header (Content-Type and
   * Content-Length among them, under those names) and the body bytes.
   */
  static final class Resp {
    int status = -1;
    final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    final HttpServletResponse servlet =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                JsonResponsesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (p, m, a) -> {
                  switch (m.getName()) {
                    case "setStatus" -> status = (Integer) a[0];
                    case "setContentType" -> headers.put("Content-Type", (String) a[0]);
                    case "setContentLength" -> headers.put("Content-Length", a[0].toString());
                    case "setHeader" -> headers.put((String) a[0], (String) a[1]);
                    case "getOutputStream" -> {
                      return output(body);
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                  }
                  return null;
                });

    String text() {
      return body.toString(StandardCharsets.UTF_8);
    }
  }

  static ServletOutputStream output(ByteArrayOutputStream to) {
    return new ServletOutputStream() {
      @Override
      public void write(int b) {
        to.write(b);
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener l) {
        throw new UnsupportedOperationException();
      }
    };
  }

  /** The headers every JSON answer carries, plus the body's length. */
  static Map<String, String> jsonHeaders(int length) {
    Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    m.put("Content-Type", "application/json; charset=UTF-8");
    m.put("Cache-Control", "no-store"); // RFC 6749 §5.1
    m.put("Pragma", "no-cache");
    m.put("X-Content-Type-Options", "nosniff");
    m.put("Content-Length", String.valueOf(length));
    return m;
  }

  @Test
  void whenAnObjectIsWrittenThenStatusHeadersAndUtf8BodyAreExact() throws Exception {
    Resp r = new Resp();
    JsonResponses.write(
        r.servlet, 201, Json.createObjectBuilder().add("name", "caf\u00e9").add("n", 2).build());
    assertEquals(201, r.status);
    assertEquals("{\"name\":\"caf\u00e9\",\"n\":2}", r.text());
    assertEquals(22, r.body.size(), "é is two bytes in UTF-8");
    assertEquals(jsonHeaders(22), r.headers);
  }

  @Test
  void whenAnArrayIsWrittenThenItIsTheBody() throws Exception {
    Resp r = new Resp();
    JsonResponses.write(r.servlet, 200, Json.createArrayBuilder().add("a").add(1).build());
    assertEquals(200, r.status);
    assertEquals("[\"a\",1]", r.text());
    assertEquals(jsonHeaders(7), r.headers);
  }

  @Test
  void whenABareScalarIsWrittenThenItIsTheWholeBody() throws Exception {
    for (var c :
        Map.of(
                "true", jakarta.json.JsonValue.TRUE,
                "false", jakarta.json.JsonValue.FALSE,
                "12", Json.createValue(12))
            .entrySet()) {
      Resp r = new Resp();
      JsonResponses.writeValue(r.servlet, 200, c.getValue());
      assertEquals(200, r.status);
      assertEquals(c.getKey(), r.text());
      assertEquals(jsonHeaders(c.getKey().length()), r.headers);
    }
    Resp o = new Resp();
    JsonResponses.writeValue(o.servlet, 200, Json.createObjectBuilder().add("a", 1).build());
    assertEquals("{\"a\":1}", o.text());
  }

  @Test
  void whenTheContentTypeConstantIsReadThenItNamesUtf8Json() {
    assertEquals("application/json; charset=UTF-8", JsonResponses.CONTENT_TYPE);
  }
}
