package io.github.jwtauth.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fuzz targets for {@link RequestParams}, the body parsing of {@code /token} and {@code /key-pair}:
 * form, JSON and anything else with any {@code Content-Type} and query string, and the parts of a
 * multipart body as the container hands them over. Contract: parameters or {@code
 * rest_authentication_invalid_request}, never another exception (RELIABILITY.md, "Fuzzing").
 */
class RequestParamsFuzzTest {
  static final int MAX = RequestParamsTest.MAX;

  /**
   * Line 1: the {@code Content-Type} (empty: none; its {@code charset} is the request's character
   * encoding); line 2: the query string (empty: none); the rest: the body bytes.
   */
  @FuzzTest
  void whenAnyBodyTypeAndQueryThenParamsOrInvalidRequest(byte[] data) {
    int first = indexOf(data, 0);
    int second = first < 0 ? -1 : indexOf(data, first + 1);
    RequestParamsTest.Req r = new RequestParamsTest.Req();
    r.contentType = first < 0 ? text(data, 0, data.length) : text(data, 0, first);
    r.query = second < 0 ? null : text(data, first + 1, second);
    r.body = second < 0 ? new byte[0] : Arrays.copyOfRange(data, second + 1, data.length);
    r.contentLength = r.body.length;
    if (r.contentType != null) {
      int cs = r.contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
      r.characterEncoding = cs < 0 ? null : r.contentType.substring(cs + 8).trim();
    }
    RequestParams p;
    try {
      p = r.read();
    } catch (JwtAuthException e) {
      assertEquals(ErrorCode.INVALID_REQUEST, e.error());
      return;
    }
    assertTrue(r.body.length <= MAX);
    for (String name : RequestParams.CREDENTIALS) {
      assertFalse(RequestParams.query(r.query).containsKey(name), name + " read from the URL");
    }
  }

  /**
   * The parts of a multipart body: records separated by a line {@code --}, each its name, a line
   * break and its value; an input starting with {@code !} is a body the container cannot parse.
   */
  @FuzzTest
  void whenAnyMultipartPartsThenParamsOrInvalidRequest(byte[] data) {
    String text = new String(data, UTF_8);
    List<Part> parts = new ArrayList<>();
    long total = 0;
    for (String record : text.split("\n--\n", -1)) {
      int nl = record.indexOf('\n');
      String name = nl < 0 ? record : record.substring(0, nl);
      byte[] value = nl < 0 ? new byte[0] : record.substring(nl + 1).getBytes(UTF_8);
      total += value.length;
      parts.add(RequestParamsTest.part(name, value, value.length));
    }
    RequestParamsTest.Req r = new RequestParamsTest.Req();
    r.contentType = "multipart/form-data; boundary=x";
    r.contentLength = -1;
    boolean broken = text.startsWith("!");
    r.parts =
        () -> {
          if (broken) {
            throw new ServletException("malformed");
          }
          return parts;
        };
    RequestParams p;
    try {
      p = r.read();
    } catch (JwtAuthException e) {
      assertEquals(ErrorCode.INVALID_REQUEST, e.error());
      return;
    }
    assertFalse(broken);
    assertTrue(total <= MAX, "read " + total + " bytes");
    for (Part part : parts) {
      assertTrue(p.get(part.getName()) != null);
    }
  }

  private static int indexOf(byte[] data, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static String text(byte[] data, int from, int to) {
    return from == to ? null : new String(data, from, to - from, UTF_8);
  }
}
