package io.github.jwtauth.web;

import io.github.jwtauth.net.IpAddresses;
import io.github.jwtauth.net.TrustedProxies;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.List;

/**
 * The client's address: the connection's peer, or — only when the peer is a configured trusted
 * proxy — the rightmost {@code X-Forwarded-For} entry that is not itself a trusted proxy (RFC 7239
 * §7.4: entries left of the last trusted hop are client-controlled). All {@code X-Forwarded-For}
 * header lines are read, in order, as one list (RFC 9110 §5.3), since proxies such as HAProxy
 * append a line of their own rather than extend the client's. The {@code Forwarded} header (RFC
 * 7239) is ignored: trusted proxies must send {@code X-Forwarded-For}.
 *
 * <p>Immutable and thread-safe. Not API.
 */
public final class ClientAddress {
  /** Bound on all X-Forwarded-For lines together, in characters. */
  private static final int MAX_FORWARDED_FOR = 2048;

  private final TrustedProxies trusted;

  private ClientAddress(TrustedProxies trusted) {
    this.trusted = trusted;
  }

  /**
   * @param trustedProxies literal IPv4/IPv6 addresses or CIDR blocks
   * @throws IllegalArgumentException for an entry that is neither
   */
  public static ClientAddress of(List<String> trustedProxies) {
    return new ClientAddress(TrustedProxies.of(trustedProxies));
  }

  public String of(HttpServletRequest req) {
    String peer = req.getRemoteAddr();
    if (trusted.isEmpty() || !trusted.contains(peer)) {
      return peer;
    }
    Enumeration<String> lines = req.getHeaders("X-Forwarded-For");
    if (lines == null || !lines.hasMoreElements()) {
      return peer;
    }
    // RFC 9110 §5.3: several lines of a list header are one comma-separated list, in order
    StringBuilder xff = new StringBuilder(lines.nextElement());
    while (lines.hasMoreElements() && xff.length() <= MAX_FORWARDED_FOR) {
      xff.append(',').append(lines.nextElement());
    }
    if (xff.length() > MAX_FORWARDED_FOR) {
      return peer;
    }
    String[] hops = xff.toString().split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (IpAddresses.literal(hop) == null) {
        return peer; // garbage in the chain: do not trust anything left of it
      }
      if (!trusted.contains(hop)) {
        return hop;
      }
    }
    return peer;
  }
}
