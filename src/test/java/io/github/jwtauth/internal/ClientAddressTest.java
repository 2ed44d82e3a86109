package io.github.jwtauth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  static HttpServletRequest request(String peer, String xff) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            ClientAddressTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (p, m, a) ->
                switch (m.getName()) {
                  case "getRemoteAddr" -> peer;
                  case "getHeader" -> "X-Forwarded-For".equals(a[0]) ? xff : null;
                  default -> throw new UnsupportedOperationException(m.getName());
                });
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
}
