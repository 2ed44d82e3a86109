package io.github.jwtauth.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlPatternsTest {
  @Test
  void whenPrefixPatternThenMatchesOnSegmentBoundary() {
    UrlPatterns p = UrlPatterns.parse(List.of("/api/*"));
    assertTrue(p.matches("/api"));
    assertTrue(p.matches("/api/"));
    assertTrue(p.matches("/api/me"));
    assertFalse(p.matches("/apix"));
    assertFalse(p.matches("/public/api/me"));
  }

  @Test
  void whenExactAndExtensionThenMatchOnlyThose() {
    UrlPatterns p = UrlPatterns.parse(List.of("/admin", "*.json"));
    assertTrue(p.matches("/admin"));
    assertFalse(p.matches("/admin/x"));
    assertTrue(p.matches("/data/x.json"));
    assertFalse(p.matches("/x.json/y"));
  }

  @Test
  void whenSlashStarThenEverything() {
    assertTrue(UrlPatterns.parse(List.of("/*")).matches("/anything"));
  }

  @Test
  void whenNoPatternsThenNothing() {
    assertFalse(UrlPatterns.parse(List.of()).matches("/api"));
  }

  @Test
  void whenMalformedThenRefused() {
    assertThrows(IllegalArgumentException.class, () -> UrlPatterns.parse(List.of("api/*")));
    assertThrows(IllegalArgumentException.class, () -> UrlPatterns.parse(List.of("/a/*/b")));
  }
}
