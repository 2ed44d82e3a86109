package io.github.jwtauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestParamsTest {
  static final int MAX = 64;

  /** A fake request: what {@link RequestParams} reads, nothing else. */
  static final class Req {
    String query;
    String contentType;
    String characterEncoding;
    long contentLength = -1;
    byte[] body = new byte[0];
    IOException readFailure;
    Callable<List<Part>> parts = List::of;
    final AtomicBoolean bodyRead = new AtomicBoolean();

    static Req of(String contentType, String body) {
      Req r = new Req();
      r.contentType = contentType;
      r.body = body.getBytes(StandardCharsets.UTF_8);
      r.contentLength = r.body.length;
      return r;
    }

    HttpServletRequest build() {
      return (HttpServletRequest)
          Proxy.newProxyInstance(
              RequestParamsTest.class.getClassLoader(),
              new Class<?>[] {HttpServletRequest.class},
              (p, m, a) ->
                  switch (m.getName()) {
                    case "getQueryString" -> query;
                    case "getContentType" -> contentType;
                    case "getCharacterEncoding" -> characterEncoding;
                    case "getContentLengthLong" -> contentLength;
                    case "getInputStream" -> {
                      bodyRead.set(true);
                      yield input(body, readFailure);
                    }
                    case "getParts" -> {
                      bodyRead.set(true);
                      yield parts.call();
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                  });
    }

    RequestParams read() {
      return RequestParams.from(build(), MAX);
    }
  }

  static ServletInputStream input(byte[] body, IOException failure) {
    InputStream in = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public int read() throws IOException {
        if (failure != null) {
          throw failure;
        }
        return in.read();
      }

      @Override
      public boolean isFinished() {
        return false;
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

  /** A multipart part with a name and a text value; size as declared by the container. */
  static Part part(String name, String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    return part(name, b, b.length);
  }

  static Part part(String name, byte[] value, long declaredSize) {
    return (Part)
        Proxy.newProxyInstance(
            RequestParamsTest.class.getClassLoader(),
            new Class<?>[] {Part.class},
            (p, m, a) ->
                switch (m.getName()) {
                  case "getName" -> name;
                  case "getSize" -> declaredSize;
                  case "getInputStream" -> new ByteArrayInputStream(value);
                  default -> throw new UnsupportedOperationException(m.getName());
                });
  }

  /** Asserts {@code rest_authentication_invalid_request} with exactly this detail. */
  static void assertInvalid(String detail, Req r) {
    JwtAuthException e = assertThrows(JwtAuthException.class, r::read);
    assertEquals(ErrorCode.INVALID_REQUEST, e.error());
    assertEquals(detail, e.description());
  }

  // ------------------------------------------------------------------ form

  @Test
  void whenFormBodyThenFieldsArePercentAndPlusDecoded() {
    RequestParams p =
        Req.of("application/x-www-form-urlencoded", "api_key=k%2B1%3D&api_secret=a+b%20c").read();
    assertEquals("k+1=", p.get("api_key"));
    assertEquals("a b c", p.get("api_secret"));
    assertNull(p.get("grant_type"));
  }

  @Test
  void whenFormFieldHasNoValueOrPairsAreEmptyThenEmptyStringAndSkipped() {
    RequestParams p = Req.of("application/x-www-form-urlencoded", "&&a&b=&&c=3&").read();
    assertEquals("", p.get("a"));
    assertEquals("", p.get("b"));
    assertEquals("3", p.get("c"));
  }

  @Test
  void whenContentTypeHasOtherCaseAndParametersThenItIsStillAForm() {
    RequestParams p = Req.of(" Application/X-WWW-Form-URLEncoded ; charset=UTF-8", "a=1").read();
    assertEquals("1", p.get("a"));
  }

  @Test
  void whenFormDeclaresACharsetThenTheBodyIsDecodedWithIt() {
    Req r = Req.of("application/x-www-form-urlencoded; charset=ISO-8859-1", "");
    r.characterEncoding = "ISO-8859-1";
    r.body = new byte[] {'n', '=', (byte) 0xE9};
    r.contentLength = r.body.length;
    assertEquals("\u00e9", r.read().get("n"));
  }

  @Test
  void whenFormDeclaresAnUnknownCharsetThen400() {
    Req r = Req.of("application/x-www-form-urlencoded", "a=1");
    r.characterEncoding = "x-no-such-charset";
    assertInvalid("Unsupported charset.", r);
  }

  @Test
  void whenFormRepeatsAFieldThen400() {
    assertInvalid(
        "A field was sent more than once.",
        Req.of("application/x-www-form-urlencoded", "api_key=a&api_key=a"));
    assertInvalid(
        "A field was sent more than once.",
        Req.of("application/x-www-form-urlencoded", "api_key=a&api%5Fkey=b"));
  }

  @Test
  void whenFormHasABrokenPercentEscapeThen400() {
    assertInvalid(
        "The form body is malformed.", Req.of("application/x-www-form-urlencoded", "a=%zz"));
    assertInvalid(
        "The form body is malformed.", Req.of("application/x-www-form-urlencoded", "a=%4"));
  }

  // ------------------------------------------------------------------ JSON

  @Test
  void whenJsonObjectOfStringsThenFieldsAndNullsAreSkipped() {
    RequestParams p =
        Req.of("application/json", "{\"api_key\":\"k\",\"api_secret\":\"s\u00e9\",\"x\":null}")
            .read();
    assertEquals("k", p.get("api_key"));
    assertEquals("s\u00e9", p.get("api_secret"));
    assertNull(p.get("x"));
  }

  @Test
  void whenContentTypeIsAPlusJsonTypeThenItIsReadAsJson() {
    assertEquals("1", Req.of("application/vnd.api+json", "{\"a\":\"1\"}").read().get("a"));
    assertEquals("1", Req.of("Application/JSON; charset=utf-8", "{\"a\":\"1\"}").read().get("a"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "true", "[\"x\"]", "{\"y\":\"x\"}", "1.5"})
  void whenJsonFieldIsNotAStringThen400(String value) {
    assertInvalid(
        "Every field of the JSON body must be a string.",
        Req.of("application/json", "{\"a\":\"1\",\"b\":" + value + "}"));
  }

  @Test
  void whenRolesAreAJsonArrayOrRepeatedThenJoinedWithCommas() {
    assertEquals(
        "user,administrator",
        Req.of("application/json", "{\"roles\":[\"user\",\"administrator\"]}").read().get("roles"));
    assertEquals("", Req.of("application/json", "{\"roles\":[]}").read().get("roles"));
    assertEquals(
        "user,administrator",
        Req.of("application/x-www-form-urlencoded", "roles=user&roles=administrator")
            .read()
            .get("roles"));
    assertInvalid(
        "Every item of roles must be a string.",
        Req.of("application/json", "{\"roles\":[\"user\",1]}"));
    assertInvalid(
        "Every field of the JSON body must be a string.",
        Req.of("application/json", "{\"name\":[\"a\"]}"));
    assertInvalid(
        "A field was sent more than once.",
        Req.of("application/x-www-form-urlencoded", "name=a&name=b"));
  }

  @Test
  void whenExpiresInIsAWholeJsonNumberThenItsText() {
    assertEquals("30", Req.of("application/json", "{\"expires_in\":30}").read().get("expires_in"));
    assertInvalid(
        "Every field of the JSON body must be a string.",
        Req.of("application/json", "{\"expires_in\":1.5}"));
    assertInvalid(
        "Every field of the JSON body must be a string.",
        Req.of("application/json", "{\"name\":30}"));
  }

  @Test
  void whenJsonIsNotOneObjectThen400() {
    assertInvalid("The request body must be a JSON object.", Req.of("application/json", "[\"a\"]"));
    // Parsson refuses trailing data itself, before the library's own "data after" check
    assertInvalid(
        "The request body is not valid JSON.", Req.of("application/json", "{\"a\":\"1\"} {}"));
    assertInvalid("The request body is not valid JSON.", Req.of("application/json", "{\"a\":"));
  }

  @Test
  void whenJsonRepeatsAKeyThen400() {
    Req r = Req.of("application/json", "{\"api_key\":\"a\",\"api_key\":\"b\"}");
    JwtAuthException e = assertThrows(JwtAuthException.class, r::read);
    assertEquals(ErrorCode.INVALID_REQUEST, e.error());
  }

  // ------------------------------------------------------------------ multipart

  @Test
  void whenMultipartThenEveryPartIsAField() {
    Req r = Req.of("multipart/form-data; boundary=xyz", "");
    r.parts = () -> List.of(part("api_key", "k"), part("api_secret", "s\u00e9"));
    RequestParams p = r.read();
    assertEquals("k", p.get("api_key"));
    assertEquals("s\u00e9", p.get("api_secret"));
  }

  @Test
  void whenMultipartRepeatsAFieldThen400() {
    Req r = Req.of("multipart/form-data; boundary=xyz", "");
    r.parts = () -> List.of(part("api_key", "a"), part("api_key", "a"));
    assertInvalid("A field was sent more than once.", r);
  }

  @Test
  void whenMultipartPartsTogetherExceedTheLimitThen400() {
    Req r = Req.of("multipart/form-data; boundary=xyz", "");
    String half = "x".repeat(MAX / 2);
    r.parts = () -> List.of(part("a", half), part("b", half));
    assertEquals(half, r.read().get("b"), "exactly the limit is allowed");
    r.parts = () -> List.of(part("a", half), part("b", half + "x"));
    assertInvalid("The request body is too large.", r);
  }

  @Test
  void whenAMultipartPartDeclaresMoreThanTheLimitThen400() {
    Req r = Req.of("multipart/form-data; boundary=xyz", "");
    r.parts = () -> List.of(part("a", new byte[1], MAX + 1));
    assertInvalid("The request body is too large.", r);
  }

  @Test
  void whenTheContainerCannotParseTheMultipartBodyThen400() {
    Req r = Req.of("multipart/form-data; boundary=xyz", "");
    r.parts =
        () -> {
          throw new ServletException("broken");
        };
    assertInvalid("The multipart body is malformed or too large.", r);
    r.parts =
        () -> {
          throw new IllegalStateException("over the container's limit");
        };
    assertInvalid("The multipart body is malformed or too large.", r);
    r.parts =
        () -> {
          throw new IOException("reset");
        };
    assertInvalid("The multipart body is malformed or too large.", r);
  }

  // ------------------------------------------------------------------ sizes and content types

  @Test
  void whenContentLengthIsOverTheLimitThen400WithoutReadingTheBody() {
    Req r = Req.of("application/x-www-form-urlencoded", "a=1");
    r.contentLength = MAX + 1;
    assertInvalid("The request body is too large.", r);
    assertFalse(r.bodyRead.get(), "refused before the body is read");
  }

  @Test
  void whenTheBodyIsLongerThanTheLimitWithoutAContentLengthThen400() {
    Req r = Req.of("application/x-www-form-urlencoded", "a=" + "x".repeat(MAX - 2));
    r.contentLength = -1;
    assertEquals(MAX - 2, r.read().get("a").length(), "exactly the limit is allowed");
    r.body = ("a=" + "x".repeat(MAX - 1)).getBytes(StandardCharsets.UTF_8);
    assertInvalid("The request body is too large.", r);
    Req json = Req.of("application/json", "{\"a\":\"" + "x".repeat(MAX) + "\"}");
    json.contentLength = -1;
    assertInvalid("The request body is too large.", json);
  }

  @Test
  void whenTheBodyCannotBeReadThen400() {
    Req r = Req.of("application/json", "{}");
    r.readFailure = new IOException("reset");
    assertInvalid("The request body could not be read.", r);
  }

  @Test
  void whenThereIsNoContentTypeThenAnEmptyBodyIsNoParametersAndAnyBodyIs400() {
    Req empty = Req.of(null, "");
    assertNull(empty.read().get("a"));
    assertInvalid("A Content-Type is required for a request body.", Req.of(null, "a=1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/xml", "text/json", "application/jsonp", "*/*"})
  void whenTheContentTypeIsNeitherFormNorMultipartNorJsonThen400(String type) {
    assertInvalid(
        "Unsupported Content-Type: send a form, multipart/form-data or JSON.",
        Req.of(type, "{\"a\":\"1\"}"));
  }

  // ------------------------------------------------------------------ query string

  @ParameterizedTest
  @ValueSource(
      strings = {
        "api_secret=s",
        "client_secret=s",
        "refresh_token=t",
        "password=p",
        "access_token=t",
        "user=bob&api%5Fsecret=s",
        "api_secret"
      })
  void whenTheQueryStringCarriesACredentialThen400WithoutReadingTheBody(String query) {
    Req r = Req.of("application/x-www-form-urlencoded", "a=1");
    r.query = query;
    assertInvalid("Credentials must be sent in the request body, never in the URL.", r);
    assertFalse(r.bodyRead.get(), "refused before the body is read");
  }

  @Test
  void whenTheQueryStringHasOtherNamesThenTheBodyIsRead() {
    Req r = Req.of("application/x-www-form-urlencoded", "a=1");
    r.query = "user=bob&api_key=k";
    RequestParams p = r.read();
    assertEquals("1", p.get("a"));
    assertNull(p.get("user"), "query parameters are not body parameters");
  }

  @Test
  void whenAQueryStringIsParsedThenNamesAndValuesAreDecodedInOrder() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("user", "bob smith");
    expected.put("n", "");
    expected.put("a+b", "c&d");
    Map<String, String> q = RequestParams.query("user=bob+smith&n&a%2Bb=c%26d");
    assertEquals(expected, q);
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(q.keySet()));
    assertEquals(Map.of(), RequestParams.query(null));
    assertEquals(Map.of(), RequestParams.query(""));
  }

  @Test
  void whenAQueryStringRepeatsANameOrIsMalformedThen400() {
    JwtAuthException repeated =
        assertThrows(JwtAuthException.class, () -> RequestParams.query("user=a&user=b"));
    assertEquals(ErrorCode.INVALID_REQUEST, repeated.error());
    assertEquals("A field was sent more than once.", repeated.description());
    JwtAuthException malformed =
        assertThrows(JwtAuthException.class, () -> RequestParams.query("user=%G1"));
    assertEquals("The form body is malformed.", malformed.description());
  }
}
