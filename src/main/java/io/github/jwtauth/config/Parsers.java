package io.github.jwtauth.config;

import io.github.jwtauth.keys.SigningAlgorithm;
import io.github.jwtauth.net.TrustedProxies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value parsers the {@link Param} table names: text, durations, whole numbers in a range,
 * booleans, comma-separated lists, and the few kinds that need a rule of their own. Each failure
 * names the parameter. An absent optional value stays {@code null} (an empty list for lists); a
 * parameter read as a duration, number or boolean needs a default.
 *
 * <p>Stateless and thread-safe.
 */
final class Parsers {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*([smhd]?)");
  private static final Duration LONGEST = Duration.ofDays(3650);

  /** RFC 6454 §6.2 serialisation: scheme, a DNS name or IP literal, an optional port. */
  private static final Pattern ORIGIN =
      Pattern.compile(
          "([a-z][a-z0-9+.-]*)://([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+])"
              + "(?::(\\d{1,5}))?");

  private Parsers() {}

  static ValueParser text() {
    return (p, v) -> v;
  }

  /** Text that must pass {@code ok}; otherwise {@code Parameter jwt-auth.x <rule>}. */
  static ValueParser checked(Predicate<String> ok, String rule) {
    return (p, v) -> {
      if (v != null && !ok.test(v)) {
        throw p.bad(rule);
      }
      return v;
    };
  }

  /** The UTF-8 bytes of the text. */
  static ValueParser bytes() {
    return (p, v) -> v == null ? null : v.getBytes(StandardCharsets.UTF_8);
  }

  /** One of the given words, in any case; the result in lower case. */
  static ValueParser choice(String... words) {
    return (p, v) -> {
      String w = v.toLowerCase(Locale.ROOT);
      if (!Arrays.asList(words).contains(w)) {
        throw p.bad(
            "must be "
                + String.join(", ", Arrays.asList(words).subList(0, words.length - 1))
                + " or "
                + words[words.length - 1]
                + ", not '"
                + v
                + "'");
      }
      return w;
    };
  }

  static ValueParser bool() {
    return (p, v) ->
        switch (v.toLowerCase(Locale.ROOT)) {
          case "true" -> true;
          case "false" -> false;
          default -> throw p.bad("must be true or false");
        };
  }

  static ValueParser integer(int min, int max) {
    return (p, v) -> {
      try {
        int n = Integer.parseInt(v);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // refused below, with the range
      }
      throw p.bad("must be a whole number from " + min + " to " + max + ", not '" + v + "'");
    };
  }

  /**
   * Durations: whole seconds ({@code 3600}) or with a unit ({@code 90s}, {@code 15m}, {@code 1h},
   * {@code 7d}), from {@code minSeconds} to ten years.
   */
  static ValueParser duration(long minSeconds) {
    return (p, v) -> duration(p, v, minSeconds);
  }

  /** Like {@link #duration(long)}, but absent stays {@code null} (none). */
  static ValueParser optionalDuration(long minSeconds) {
    return (p, v) -> v == null ? null : duration(p, v, minSeconds);
  }

  /** A duration from 0 to {@code maxMinutes} minutes. */
  static ValueParser durationUpToMinutes(int maxMinutes) {
    return (p, v) -> {
      Duration d = duration(p, v, 0);
      if (d.compareTo(Duration.ofMinutes(maxMinutes)) > 0) {
        throw p.bad("must be at most " + maxMinutes + " minutes");
      }
      return d;
    };
  }

  /** Comma-separated, trimmed, blanks dropped, each item once; absent: empty. */
  static ValueParser list() {
    return (p, v) -> split(v);
  }

  static ValueParser algorithm() {
    return (p, v) -> {
      try {
        return SigningAlgorithm.parse(v);
      } catch (IllegalArgumentException e) {
        throw p.bad("must be HS256, HS384, HS512, RS256 or ES256");
      }
    };
  }

  /** Servlet URL patterns (see {@link UrlPatterns}); absent: none. */
  static ValueParser urlPatterns() {
    return (p, v) -> {
      try {
        return UrlPatterns.parse(split(v));
      } catch (IllegalArgumentException e) {
        throw p.invalid(e.getMessage());
      }
    };
  }

  /** IP addresses and CIDR ranges, as {@link TrustedProxies} reads them; absent: none. */
  static ValueParser addresses() {
    return (p, v) -> {
      List<String> proxies = split(v);
      try {
        TrustedProxies.of(proxies);
      } catch (IllegalArgumentException e) {
        throw p.invalid(e.getMessage());
      }
      return proxies;
    };
  }

  /**
   * CORS origins: {@code *} alone, or exact origins {@code scheme://host[:port]} without path,
   * query or user info, kept as a browser serialises them in {@code Origin} (RFC 6454 §6.2: lower
   * case, no default port); absent: none.
   */
  static ValueParser origins() {
    return (p, v) -> {
      List<String> items = split(v);
      if (items.contains("*")) {
        if (items.size() > 1) {
          throw p.bad("must be * alone or a list of origins, not both");
        }
        return items;
      }
      Set<String> out = new LinkedHashSet<>();
      for (String item : items) {
        out.add(origin(p, item));
      }
      return List.copyOf(out);
    };
  }

  /** One SELECT with exactly one {@code ?}, for the login. */
  static ValueParser sql() {
    return checked(
        v ->
            v.chars().filter(c -> c == '?').count() == 1
                && v.trim().toLowerCase(Locale.ROOT).startsWith("select"),
        "must be one SELECT with exactly one ? for the login");
  }

  /** A duration as a parser would read it back: {@code 0}, {@code 90s}, {@code 15m}, ... */
  static String format(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return "0";
    }
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  private static Duration duration(Param p, String v, long minSeconds) {
    Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw p.bad("must be a duration such as 3600, 90s, 15m, 1h or 7d, not '" + v + "'");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofSeconds(n);
        };
    if (d.toSeconds() < minSeconds || d.compareTo(LONGEST) > 0) {
      throw p.bad("must be between " + minSeconds + " seconds and 10 years");
    }
    return d;
  }

  private static String origin(Param p, String item) {
    Matcher m = ORIGIN.matcher(item.toLowerCase(Locale.ROOT));
    int port = -1;
    if (m.matches() && m.group(3) != null) {
      port = Integer.parseInt(m.group(3));
    }
    if (!m.matches() || port == 0 || port > 65_535) {
      throw p.bad(
          "has '"
              + item
              + "', which is not an origin: give scheme://host[:port] without a path or a"
              + " trailing slash, e.g. https://app.example.com");
    }
    String scheme = m.group(1);
    boolean defaultPort =
        (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    return scheme + "://" + m.group(2) + (port < 0 || defaultPort ? "" : ":" + port);
  }

  private static List<String> split(String v) {
    Set<String> out = new LinkedHashSet<>();
    if (v != null) {
      for (String s : v.split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return List.copyOf(out);
  }
}
