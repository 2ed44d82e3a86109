package io.github.jwtauth.net;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The configured trusted proxies: literal IPv4/IPv6 addresses and CIDR blocks (no host names, so no
 * DNS).
 *
 * <p>Immutable and thread-safe. Not API.
 */
public final class TrustedProxies {
  private record Cidr(BigInteger network, BigInteger mask, int bytes) {
    boolean contains(byte[] a) {
      return a.length == bytes && new BigInteger(1, a).and(mask).equals(network);
    }
  }

  private final List<Cidr> blocks;

  private TrustedProxies(List<Cidr> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /**
   * Parses the entries.
   *
   * @throws IllegalArgumentException for an entry that is neither an address nor a CIDR block
   */
  public static TrustedProxies of(List<String> entries) {
    List<Cidr> out = new ArrayList<>();
    for (String entry : entries) {
      String[] parts = entry.split("/", 2);
      byte[] addr = IpAddresses.literal(parts[0]);
      if (addr == null) {
        throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR block");
      }
      int bits = addr.length * 8;
      int prefix;
      try {
        prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + entry + "' has a bad prefix length");
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("'" + entry + "' has a bad prefix length");
      }
      BigInteger mask =
          BigInteger.ONE
              .shiftLeft(bits)
              .subtract(BigInteger.ONE)
              .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
      out.add(new Cidr(new BigInteger(1, addr).and(mask), mask, addr.length));
    }
    return new TrustedProxies(out);
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /** Whether the address (an IP literal) is one of the trusted proxies; false for anything else. */
  public boolean contains(String address) {
    byte[] a = IpAddresses.literal(address);
    if (a == null) {
      return false;
    }
    for (Cidr c : blocks) {
      if (c.contains(a)) {
        return true;
      }
    }
    return false;
  }
}
