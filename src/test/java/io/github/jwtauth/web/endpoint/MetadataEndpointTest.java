package io.github.jwtauth.web.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which requests are the discovery documents, and the absolute URL they are built on. */
class MetadataEndpointTest {
  static HttpServletRequest request(Map<String, Object> answers) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            MetadataEndpointTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (p, m, a) -> answers.get(m.getName()));
  }

  static HttpServletRequest at(String scheme, String host, int port, String context) {
    return request(
        Map.of(
            "getScheme", scheme,
            "getServerName", host,
            "getServerPort", port,
            "getContextPath", context));
  }

  static HttpServletRequest call(String method, String servletPath) {
    return request(Map.of("getMethod", method, "getServletPath", servletPath));
  }

  @Test
  void whenPortIsTheSchemesDefaultThenLeftOutAndIpv6IsBracketed() {
    assertEquals("https://api.example.com/app", url(at("https", "api.example.com", 443, "/app")));
    assertEquals("http://api.example.com", url(at("http", "api.example.com", 80, "")));
    assertEquals("http://127.0.0.1:8080/x", url(at("http", "127.0.0.1", 8080, "/x")));
    assertEquals("https://api.example.com:80", url(at("https", "api.example.com", 80, "")));
    assertEquals("http://[::1]:8080", url(at("http", "::1", 8080, "")));
    assertEquals("http://[::1]:8080", url(at("http", "[::1]", 8080, "")));
  }

  @Test
  void whenGetOrHeadOfEitherDocumentThenADocumentAndNothingElseIs() {
    assertTrue(MetadataEndpoint.isDocument(call("GET", "/.well-known/oauth-authorization-server")));
    assertTrue(MetadataEndpoint.isDocument(call("HEAD", "/.well-known/oauth-protected-resource")));
    assertFalse(
        MetadataEndpoint.isDocument(call("POST", "/.well-known/oauth-authorization-server")));
    assertFalse(MetadataEndpoint.isDocument(call("GET", "/.well-known/openid-configuration")));
    assertFalse(
        MetadataEndpoint.isDocument(call("GET", "/.well-known/oauth-authorization-server/x")));
  }

  private static String url(HttpServletRequest r) {
    return MetadataEndpoint.applicationUrl(r);
  }
}
