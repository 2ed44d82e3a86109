package io.github.jwtauth.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** IP literals as the attempt limits count them. */
class IpAddressesTest {
  @Test
  void whenIpv4InAnySpellingThenLimiterKeyIsTheDottedAddress() {
    assertEquals("192.0.2.1", IpAddresses.limiterKey("192.0.2.1"));
    assertEquals("192.0.2.1", IpAddresses.limiterKey("::ffff:192.0.2.1"));
    assertEquals("192.0.2.1", IpAddresses.limiterKey("::FFFF:c000:201"));
    assertEquals("192.0.2.1", IpAddresses.limiterKey("[0:0:0:0:0:ffff:192.0.2.1]"));
  }

  @Test
  void whenIpv6InAnySpellingThenLimiterKeyIsItsSlash64() {
    for (String a :
        List.of(
            "2001:db8:1:2::1",
            "2001:0DB8:0001:0002:0000:0000:0000:0001",
            "2001:DB8:1:2:0:0:0:1",
            "[2001:db8:1:2:ffff:ffff:ffff:ffff]",
            "2001:db8:1:2::abcd%eth0",
            "[2001:db8:1:2::1%3]")) {
      assertEquals("2001:db8:1:2::/64", IpAddresses.limiterKey(a), a);
    }
    assertEquals("2001:db8:1:3::/64", IpAddresses.limiterKey("2001:db8:1:3::1"));
    // RFC 5952 §4.2: the longest run of zero groups is compressed, single zeros are not
    assertEquals("2001:db8::/64", IpAddresses.limiterKey("2001:db8::1"));
    assertEquals("::/64", IpAddresses.limiterKey("::1"));
    assertEquals("::/64", IpAddresses.limiterKey("0:0:0:0:0:0:0:1"));
    assertEquals("0:0:1:2::/64", IpAddresses.limiterKey("::1:2:0:0:0:9"));
    assertEquals("2001:0:1::/64", IpAddresses.limiterKey("2001:0:1:0:5::"));
    assertEquals("fe80::/64", IpAddresses.limiterKey("fe80::1%no-such-interface"));
  }

  @Test
  void whenNotAnIpLiteralThenLimiterKeyIsUnchanged() {
    for (String s :
        List.of(
            "",
            "unknown",
            "evil.example",
            "zz:zz",
            "g::1",
            ".1::2",
            "999.1.1.1",
            "1.2.3",
            "2001:db8:1:2::/64")) {
      assertEquals(s, IpAddresses.limiterKey(s), s);
    }
    assertNull(IpAddresses.limiterKey(null));
  }
}
