package io.github.jwtauth.web;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsrfTest {
  private final Csrf csrf = new Csrf(new SecureRandom());

  /** A request to http://app.example:8080 with the given headers and (optional) session. */
  static final class Fake {
    final Map<String, String> headers = new HashMap<>();
    Map<String, Object> session;
    boolean invalidated;
    String scheme = "http";
    String host = "app.example";
    int port = 8080;

    Fake header(String name, String value) {
      headers.put(name.toLowerCase(), value);
      return this;
    }

    Fake withSession() {
      session = new HashMap<>();
      return this;
    }

    HttpSession httpSession() {
      return (HttpSession)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {HttpSession.class},
              (p, m, a) ->
                  switch (m.getName()) {
                    case "getAttribute" -> {
                      if (invalidated) {
                        throw new IllegalStateException("invalidated");
                      }
                      yield session.get((String) a[0]);
                    }
                    case "setAttribute" -> session.put((String) a[0], a[1]);
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                  });
    }

    HttpServletRequest request() {
      return (HttpServletRequest)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {HttpServletRequest.class},
              (p, m, a) ->
                  switch (m.getName()) {
                    case "getHeader" -> headers.get(((String) a[0]).toLowerCase());
                    case "getScheme" -> scheme;
                    case "getServerName" -> host;
                    case "getServerPort" -> port;
                    case "getSession" -> {
                      boolean create = a == null || (Boolean) a[0];
                      if (session == null && create) {
                        session = new HashMap<>();
                      }
                      yield session == null ? null : httpSession();
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                  });
    }
  }

  private String tokenOf(Fake f) {
    return csrf.token(f.request());
  }

  private void refused(Fake f) {
    JwtAuthException e = assertThrows(JwtAuthException.class, () -> csrf.check(f.request()));
    assertEquals(ErrorCode.COOKIE_INVALID_NONCE, e.error());
    assertEquals("rest_cookie_invalid_nonce", e.error().code());
    assertEquals(403, e.error().status());
  }

  @Test
  void whenTokenRequestedThenSessionCreatedWith256BitTokenReusedAfterwards() {
    Fake f = new Fake();
    String t = tokenOf(f);
    assertTrue(t.matches("[A-Za-z0-9_-]{43}"), t);
    assertEquals(t, f.session.get(Csrf.SESSION_ATTRIBUTE));
    assertEquals(t, tokenOf(f), "one token per session");
    assertNotEquals(t, tokenOf(new Fake()), "another session, another token");
  }

  @Test
  void whenNeitherOriginNorSecFetchSiteThenNotABrowserAndPassed() {
    assertDoesNotThrow(() -> csrf.check(new Fake().request()));
  }

  @Test
  void whenSameOriginWithSessionTokenThenPassed() {
    Fake f = new Fake();
    String t = tokenOf(f);
    f.header("Origin", "http://app.example:8080")
        .header("Sec-Fetch-Site", "same-origin")
        .header(Csrf.HEADER, t);
    assertDoesNotThrow(() -> csrf.check(f.request()));
  }

  @Test
  void whenSecFetchSiteNoneWithTokenThenPassed() {
    Fake f = new Fake();
    f.header("Sec-Fetch-Site", "none").header(Csrf.HEADER, tokenOf(f));
    assertDoesNotThrow(() -> csrf.check(f.request()));
  }

  @ParameterizedTest
  @CsvSource({
    "http://evil.example",
    "http://app.example",
    "https://app.example:8080",
    "http://app.example:8081",
    "http://app.example:8080.evil.example",
    "null",
    "''"
  })
  void whenOriginIsForeignThenRefusedEvenWithToken(String origin) {
    Fake f = new Fake();
    f.header("Origin", origin).header(Csrf.HEADER, tokenOf(f));
    refused(f);
  }

  @ParameterizedTest
  @CsvSource({"cross-site", "same-site", "SAME-ORIGIN", "''"})
  void whenSecFetchSiteNotSameOriginThenRefusedEvenWithToken(String site) {
    Fake f = new Fake();
    f.header("Origin", "http://app.example:8080")
        .header("Sec-Fetch-Site", site)
        .header(Csrf.HEADER, tokenOf(f));
    refused(f);
  }

  @Test
  void whenTokenMissingWrongOrWithoutSessionThenRefused() {
    Fake missing = new Fake();
    tokenOf(missing);
    missing.header("Origin", "http://app.example:8080");
    refused(missing);

    Fake wrong = new Fake();
    String t = tokenOf(wrong);
    wrong
        .header("Origin", "http://app.example:8080")
        .header(Csrf.HEADER, t.substring(0, 42) + (t.endsWith("A") ? "B" : "A"));
    refused(wrong);

    Fake prefix = new Fake();
    prefix
        .header("Sec-Fetch-Site", "same-origin")
        .header(Csrf.HEADER, tokenOf(prefix).substring(0, 20));
    refused(prefix);

    Fake noSession =
        new Fake()
            .header("Origin", "http://app.example:8080")
            .header(Csrf.HEADER, tokenOf(new Fake()));
    refused(noSession);

    Fake noTokenInSession = new Fake().withSession();
    noTokenInSession.header("Origin", "http://app.example:8080").header(Csrf.HEADER, "");
    refused(noTokenInSession);
  }

  @ParameterizedTest
  @CsvSource({
    "http, app.example, 80, http://app.example",
    "https, app.example, 443, https://app.example",
    "https, App.Example, 8443, https://app.example:8443",
    "http, app.example, 443, http://app.example:443",
    "HTTP, ::1, 8080, http://[::1]:8080",
    "http, [::1], 80, http://[::1]",
    "http, app.example, 0, http://app.example",
    "https, app.example, -1, https://app.example",
    "http, app.example, 1, http://app.example:1"
  })
  void whenOwnOriginComputedThenSerialisedAsBrowsersDo(
      String scheme, String host, int port, String origin) {
    Fake f = new Fake();
    f.scheme = scheme;
    f.host = host;
    f.port = port;
    assertEquals(origin, Csrf.ownOrigin(f.request()));
  }

  @Test
  void whenOriginDiffersOnlyInCaseThenPassed() {
    Fake f = new Fake();
    f.header("Origin", "HTTP://APP.EXAMPLE:8080").header(Csrf.HEADER, tokenOf(f));
    assertDoesNotThrow(() -> csrf.check(f.request()));
  }

  @Test
  void whenSessionInvalidatedBeforeTokenReadThenRefused() {
    Fake f = new Fake();
    f.header("Origin", "http://app.example:8080").header(Csrf.HEADER, tokenOf(f));
    f.invalidated = true;
    refused(f);
  }
}
