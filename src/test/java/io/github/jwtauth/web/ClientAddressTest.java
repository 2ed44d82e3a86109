package io.github.jwtauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  static HttpServletRequest request(String peer, String xff) {
    return withHeaders(peer, xff == null ? Map.of() : Map.of("X-Forwarded-For", List.of(xff)));
  }

  /** A request from peer with these header lines (in order, per name). */
  static HttpServletRequest withHeaders(String peer, Map<String, List<String>> headers) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            ClientAddressTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (p, m, a) ->
                switch (m.getName()) {
                  case "getRemoteAddr" -> peer;
                  case "getHeader" ->
                      headers.getOrDefault(a[0], List.of()).stream().findFirst().orElse(null);
                  case "getHeaders" ->
                      Collections.enumeration(headers.getOrDefault(a[0], List.of()));
                  default -> throw new UnsupportedOperationException(m.getName());
                });
  }

  static HttpServletRequest forwardedFor(String peer, String... lines) {
    return withHeaders(peer, Map.of("X-Forwarded-For", List.of(lines)));
  }

  @Test
  void whenNoTrustedProxiesThenForwardedForIgnored() {
    ClientAddress c = ClientAddress.of(List.of());
    assertEquals("10.0.0.5", c.of(request("10.0.0.5", "1.2.3.4")));
  }

  @Test
  void whenPeerNotTrustedThenForwardedForIgnored() {
    ClientAddress c = ClientAddress.of(List.of("10.0.0.1"));
    assertEquals("203.0.113.9", c.of(request("203.0.113.9", "1.2.3.4")));
  }

  @Test
  void whenPeerTrustedThenRightmostUntrustedHop() {
    ClientAddress c = ClientAddress.of(List.of("10.0.0.0/8", "::1"));
    assertEquals("198.51.100.7", c.of(request("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3")));
    assertEquals("198.51.100.7", c.of(request("0:0:0:0:0:0:0:1", "198.51.100.7")));
  }

  @Test
  void whenForwardedForIsGarbageThenPeer() {
    ClientAddress c = ClientAddress.of(List.of("10.0.0.0/8"));
    assertEquals("10.0.0.1", c.of(request("10.0.0.1", "1.2.3.4, evil.example")));
    assertEquals("1.2.3.4", c.of(request("10.0.0.1", "evil.example, 1.2.3.4")));
    assertEquals("10.0.0.1", c.of(request("10.0.0.1", "1.2.3.4\r\nX: y")));
    assertEquals("10.0.0.1", c.of(request("10.0.0.1", null)));
    assertEquals("10.0.0.1", c.of(request("10.0.0.1", "999.1.1.1")));
  }

  @Test
  void whenTrustedProxyIsAHostNameThenRefused() {
    assertThrows(IllegalArgumentException.class, () -> ClientAddress.of(List.of("proxy.internal")));
    assertThrows(IllegalArgumentException.class, () -> ClientAddress.of(List.of("10.0.0.0/33")));
  }

  /** HAProxy's option forwardfor and others append a header line rather than extend the first. */
  @Test
  void whenForwardedForHasSeveralLinesThenTheyAreOneChainInOrder() {
    ClientAddress c = ClientAddress.of(List.of("127.0.0.1"));
    assertEquals("10.0.0.5", c.of(forwardedFor("127.0.0.1", "203.0.113.66", "10.0.0.5")));
    ClientAddress chain = ClientAddress.of(List.of("127.0.0.1", "10.0.0.0/8"));
    assertEquals(
        "198.51.100.7",
        chain.of(forwardedFor("127.0.0.1", "203.0.113.66, 198.51.100.7", "10.1.2.3", "10.0.0.5")));
    assertEquals("203.0.113.66", chain.of(forwardedFor("127.0.0.1", "203.0.113.66", "10.0.0.5 ")));
  }

  @Test
  void whenALaterForwardedForLineIsGarbageThenPeer() {
    ClientAddress c = ClientAddress.of(List.of("127.0.0.1"));
    assertEquals("127.0.0.1", c.of(forwardedFor("127.0.0.1", "203.0.113.66", "evil.example")));
    assertEquals("10.0.0.5", c.of(forwardedFor("127.0.0.1", "evil.example", "10.0.0.5")));
  }

  @Test
  void whenForwardedForLinesTogetherExceedTheBoundThenPeer() {
    ClientAddress c = ClientAddress.of(List.of("127.0.0.1"));
    String line = "192.0.2.1, ".repeat(100) + "192.0.2.2"; // 1109 characters
    assertEquals("192.0.2.2", c.of(forwardedFor("127.0.0.1", line)));
    assertEquals("127.0.0.1", c.of(forwardedFor("127.0.0.1", line, line)));
  }

  /** RFC 7239 {@code Forwarded} is not read: proxies must send X-Forwarded-For. */
  @Test
  void whenForwardedHeaderComesFromATrustedProxyThenItIsIgnored() {
    ClientAddress c = ClientAddress.of(List.of("127.0.0.1"));
    assertEquals(
        "127.0.0.1",
        c.of(withHeaders("127.0.0.1", Map.of("Forwarded", List.of("for=203.0.113.66")))));
    assertEquals(
        "10.0.0.5",
        c.of(
            withHeaders(
                "127.0.0.1",
                Map.of(
                    "Forwarded",
                    List.of("for=203.0.113.66;proto=https"),
                    "X-Forwarded-For",
                    List.of("10.0.0.5")))));
  }

  /** One host is commonly given a whole /64 (RFC 7421): it is one identity, not 2^64. */
}
