package io.github.jwtauth.testsupport;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock unit tests move by hand; starts at 2026-01-01T00:00:00Z. Not thread-safe to move. */
public final class MutableClock extends Clock {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  public volatile Instant now = T0;

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
