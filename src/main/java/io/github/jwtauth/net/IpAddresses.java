package io.github.jwtauth.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * IP address literals: parsed without ever asking a resolver, and the key an address is counted
 * under by the attempt limits.
 *
 * <p>Stateless and thread-safe. Not API.
 */
public final class IpAddresses {
  private IpAddresses() {}

  /**
   * The identity the attempt limiter counts an address under: an IPv4 address (also when written as
   * IPv4-mapped IPv6, RFC 4291 §2.5.5.2) as its dotted quad; an IPv6 address as its /64 prefix in
   * RFC 5952 text, e.g. {@code 2001:db8:1:2::/64}, whatever its spelling (zero-compressed, upper
   * case, bracketed, with a {@code %zone}), since one host is commonly given a whole /64 (RFC
   * 7421); anything that is not an IP literal unchanged. Never a DNS lookup.
   */
  public static String limiterKey(String address) {
    if (address == null) {
      return null;
    }
    String t =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    int zone = t.indexOf('%');
    if (zone >= 0 && t.indexOf(':') >= 0) {
      t = t.substring(0, zone); // RFC 4007 §11: the zone index is not part of the address
    }
    byte[] a = literal(t);
    if (a == null) {
      return address;
    }
    if (a.length == 16 && isIpv4Mapped(a)) {
      a = Arrays.copyOfRange(a, 12, 16);
    }
    if (a.length == 4) {
      return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
    // the first four 16-bit groups, then "::" for the zero interface identifier: RFC 5952 §4.2
    // compresses the longest run of zero groups, which is the trailing one with any zero groups
    // of the prefix just before it
    int[] groups = new int[4];
    int n = 0;
    for (int i = 0; i < 4; i++) {
      groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
      if (groups[i] != 0) {
        n = i + 1;
      }
    }
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        key.append(':');
      }
      key.append(Integer.toHexString(groups[i])); // RFC 5952 §4.1, §4.3: no leading zeros, lower
    }
    return key.append("::/64").toString();
  }

  private static boolean isIpv4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
  }

  /** The bytes of an IP literal, or null; never a DNS lookup. */
  public static byte[] literal(String s) {
    if (s == null || s.isEmpty() || s.length() > 45) {
      return null;
    }
    String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    // starts with a hex digit or ':' and holds a ':', so InetAddress parses it as a literal and
    // never hands it to the resolver; an optional %zone (RFC 4007 §11)
    boolean v6 = t.contains(":") && t.matches("[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");
    if (!v4 && !v6) {
      return null;
    }
    if (v4) {
      for (String octet : t.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return null;
        }
      }
    }
    try {
      return InetAddress.getByName(t).getAddress(); // literal only: no lookup for these forms
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }
}
