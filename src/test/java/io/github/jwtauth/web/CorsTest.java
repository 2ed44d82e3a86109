package io.github.jwtauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorsTest {
  static final String APP = "https://app.example.com";
  static final String DEV = "http://localhost:5173";
  static final String EVIL = "https://evil.example";

  private final Cors listed = Cors.of(List.of(APP, DEV));
  private final Cors any = Cors.of(List.of("*"));
  private final Cors off = Cors.of(List.of());

  /** A request with a method and headers, keeping attributes. */
  static HttpServletRequest request(String method, String... headerPairs) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i].toLowerCase(), headerPairs[i + 1]);
    }
    Map<String, Object> attributes = new HashMap<>();
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            CorsTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (p, m, a) ->
                switch (m.getName()) {
                  case "getMethod" -> method;
                  case "getHeader" -> headers.get(((String) a[0]).toLowerCase());
                  case "getAttribute" -> attributes.get((String) a[0]);
                  case "setAttribute" -> attributes.put((String) a[0], a[1]);
                  default -> throw new UnsupportedOperationException(m.getName());
                });
  }

  /** The headers a response was given, each name with its values in order. */
  static final class Headers {
    final Map<String, List<String>> values = new LinkedHashMap<>();

    HttpServletResponse response() {
      return (HttpServletResponse)
          Proxy.newProxyInstance(
              CorsTest.class.getClassLoader(),
              new Class<?>[] {HttpServletResponse.class},
              (p, m, a) -> {
                switch (m.getName()) {
                  case "setHeader" ->
                      values.put((String) a[0], new ArrayList<>(List.of((String) a[1])));
                  case "addHeader" ->
                      values
                          .computeIfAbsent((String) a[0], k -> new ArrayList<>())
                          .add((String) a[1]);
                  default -> throw new UnsupportedOperationException(m.getName());
                }
                return null;
              });
    }

    String one(String name) {
      List<String> v = values.get(name);
      assertTrue(v == null || v.size() == 1, () -> name + " sent more than once: " + values);
      return v == null ? null : v.get(0);
    }

    boolean anyAccessControl() {
      return values.keySet().stream().anyMatch(n -> n.startsWith("Access-Control-"));
    }
  }

  static Headers response(Cors cors, HttpServletRequest req) {
    Headers h = new Headers();
    cors.addResponseHeaders(req, h.response());
    return h;
  }

  @Test
  void whenOriginIsListedThenRealResponseAllowsItExposesTheChallengeAndVaries() {
    for (String origin : List.of(APP, DEV)) {
      Headers h = response(listed, request("GET", "Origin", origin));
      assertEquals(origin, h.one("Access-Control-Allow-Origin"));
      assertEquals("WWW-Authenticate", h.one("Access-Control-Expose-Headers"));
      assertEquals("Origin", h.one("Vary"));
      assertNull(h.one("Access-Control-Allow-Credentials"), "never with credentials");
    }
  }

  @Test
  void whenOriginIsNotListedOrAbsentThenNoCorsHeaderButVary() {
    for (HttpServletRequest req :
        List.of(
            request("POST", "Origin", EVIL),
            request("POST", "Origin", "https://app.example.com:8443"),
            request("POST", "Origin", "http://app.example.com"),
            request("POST", "Origin", "null"),
            request("POST"))) {
      Headers h = response(listed, req);
      assertFalse(h.anyAccessControl(), h.values::toString);
      assertEquals(
          "Origin",
          h.one("Vary"),
          "the answer depends on Origin (Fetch, CORS protocol and HTTP caches)");
    }
  }

  @Test
  void whenAnyOriginThenStarAndNeverCredentials() {
    Headers h = response(any, request("GET", "Origin", EVIL));
    assertEquals("*", h.one("Access-Control-Allow-Origin"));
    assertEquals("WWW-Authenticate", h.one("Access-Control-Expose-Headers"));
    assertNull(h.one("Access-Control-Allow-Credentials"));
    Headers p = preflight(any, "Origin", DEV, "Access-Control-Request-Method", "POST");
    assertEquals("*", p.one("Access-Control-Allow-Origin"));
    assertNull(p.one("Access-Control-Allow-Credentials"));
  }

  @Test
  void whenOffThenNothingAtAll() {
    assertFalse(off.enabled());
    assertTrue(response(off, request("GET", "Origin", APP)).values.isEmpty());
    Headers h = new Headers();
    assertFalse(
        off.addPreflightHeaders(
            request("OPTIONS", "Origin", APP, "Access-Control-Request-Method", "POST"),
            h.response(),
            "POST"));
    assertTrue(h.values.isEmpty());
  }

  @Test
  void whenResponseHeadersAddedTwiceForOneRequestThenSentOnce() {
    HttpServletRequest req = request("GET", "Origin", APP);
    Headers h = new Headers();
    listed.addResponseHeaders(req, h.response());
    listed.addResponseHeaders(req, h.response()); // filter, then the token servlet
    assertEquals(List.of("Origin"), h.values.get("Vary"));
  }

  static Headers preflight(Cors cors, String... headers) {
    Headers h = new Headers();
    cors.addPreflightHeaders(request("OPTIONS", headers), h.response(), "GET, POST");
    return h;
  }

  @Test
  void whenPreflightFromListedOriginThenMethodsHeadersAndMaxAge() {
    Headers h = new Headers();
    boolean allowed =
        listed.addPreflightHeaders(
            request(
                "OPTIONS",
                "Origin",
                APP,
                "Access-Control-Request-Method",
                "POST",
                "Access-Control-Request-Headers",
                "authorization,content-type"),
            h.response(),
            "GET, POST");
    assertTrue(allowed);
    assertEquals(APP, h.one("Access-Control-Allow-Origin"));
    assertEquals("GET, POST", h.one("Access-Control-Allow-Methods"));
    assertEquals("authorization, content-type", h.one("Access-Control-Allow-Headers"));
    assertEquals("1800", h.one("Access-Control-Max-Age"));
    assertEquals("Origin", h.one("Vary"));
    assertNull(h.one("Access-Control-Allow-Credentials"));
  }

  @Test
  void whenPreflightFromOtherOriginThenRefusedWithoutCorsHeaders() {
    Headers h = new Headers();
    assertFalse(
        listed.addPreflightHeaders(
            request("OPTIONS", "Origin", EVIL, "Access-Control-Request-Method", "POST"),
            h.response(),
            "POST"));
    assertFalse(h.anyAccessControl(), h.values::toString);
    assertEquals("Origin", h.one("Vary"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "authorization | authorization",
        "content-type | content-type",
        "Content-Type , Authorization | authorization, content-type",
        "authorization,x-custom | authorization",
        "x-custom | -",
        "' ' | -",
        "- | -"
      })
  void whenPreflightAsksForHeadersThenOnlyThoseAllowedAreGranted(String requested, String granted) {
    assertEquals(granted, Cors.allowHeaders(requested));
    Headers h =
        requested == null
            ? preflight(listed, "Origin", APP, "Access-Control-Request-Method", "GET")
            : preflight(
                listed,
                "Origin",
                APP,
                "Access-Control-Request-Method",
                "GET",
                "Access-Control-Request-Headers",
                requested);
    assertEquals(granted, h.one("Access-Control-Allow-Headers"));
  }

  @Test
  void whenOptionsHasOriginAndRequestMethodThenItIsAPreflight() {
    assertTrue(
        Cors.isPreflight(
            request("OPTIONS", "Origin", APP, "Access-Control-Request-Method", "GET")));
    assertFalse(Cors.isPreflight(request("OPTIONS", "Origin", APP)));
    assertFalse(Cors.isPreflight(request("OPTIONS", "Access-Control-Request-Method", "GET")));
    assertFalse(
        Cors.isPreflight(request("GET", "Origin", APP, "Access-Control-Request-Method", "GET")));
  }
}
