package io.github.jwtauth.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The secret-scanner rules the repository ships ({@code scanning/gitleaks.toml}, {@code
 * scanning/secretlintrc.json}), read from those files: they find generated secrets in the places
 * secrets leak (config files, JSON, URLs, shell history) and nothing of the wrong prefix, length or
 * alphabet. A secret with a bad checksum has the right shape, so scanners report it: telling it
 * from a real one is the checksum's job ({@link SecretFormat#isWellFormed}).
 */
class ScanningRulesTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));

  /** The gitleaks rule's regex (Go RE2 syntax; this one is the same in Java). */
  static Pattern gitleaks() throws IOException {
    String toml = Files.readString(ROOT.resolve("scanning/gitleaks.toml"));
    Matcher m = Pattern.compile("(?m)^regex = '''(.+)'''$").matcher(toml);
    assertTrue(m.find(), "no regex line in gitleaks.toml");
    String regex = m.group(1);
    assertFalse(m.find(), "one rule only");
    return Pattern.compile(regex);
  }

  /** The secretlint pattern rule's regex, a JavaScript literal {@code /…/flags}. */
  static Pattern secretlint() throws IOException {
    String text = Files.readString(ROOT.resolve("scanning/secretlintrc.json"));
    JsonObject rule =
        Json.createReader(new StringReader(text))
            .readObject()
            .getJsonArray("rules")
            .getJsonObject(0);
    assertEquals("@secretlint/secretlint-rule-pattern", rule.getString("id"));
    String literal =
        rule.getJsonObject("options")
            .getJsonArray("patterns")
            .getJsonObject(0)
            .getJsonArray("patterns")
            .getString(0);
    assertTrue(literal.startsWith("/") && literal.endsWith("/"), literal); // no flags
    return Pattern.compile(literal.substring(1, literal.length() - 1));
  }

  static String secret() {
    return SecretFormat.newSecret(RANDOM);
  }

  static List<String> contexts(String s) {
    return List.of(
        s,
        "api_secret: " + s + "\n",
        "{\"api_key\":\"k\",\"api_secret\":\"" + s + "\"}",
        "curl -F api_secret=" + s + " https://x/token",
        "https://x/token?api_key=k&api_secret=" + s + "&y=1",
        "export JWT_SECRET='" + s + "'",
        "Authorization: Basic k:" + s);
  }

  @Test
  void whenRulesReadThenBothAreTheDocumentedPattern() throws IOException {
    assertEquals(SecretFormat.REGEX, gitleaks().pattern());
    assertEquals(SecretFormat.REGEX, secretlint().pattern());
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertTrue(readme.contains("`" + SecretFormat.REGEX + "`"), "README shows the regex");
  }

  @Test
  void whenGeneratedSecretsInTheirUsualPlacesThenBothRulesFindExactlyThem() throws IOException {
    for (Pattern rule : List.of(gitleaks(), secretlint())) {
      for (int i = 0; i < 200; i++) {
        String s = secret();
        for (String text : contexts(s)) {
          Matcher m = rule.matcher(text);
          assertTrue(m.find(), () -> rule + " misses " + text);
          assertEquals(s, m.group(), text);
          assertFalse(m.find(), text);
        }
      }
    }
  }

  @Test
  void whenSecretHasBadChecksumThenScannersMatchTheShapeAndTheChecksumTellsItApart()
      throws IOException {
    String s = secret();
    char last = s.charAt(s.length() - 1);
    String lookalike = s.substring(0, s.length() - 1) + (last == 'a' ? 'b' : 'a');
    for (Pattern rule : List.of(gitleaks(), secretlint())) {
      assertTrue(rule.matcher(lookalike).find(), lookalike);
    }
    assertFalse(SecretFormat.isWellFormed(lookalike));
    assertTrue(SecretFormat.isWellFormed(s));
  }

  @Test
  void whenNearMissThenNeitherRuleMatches() throws IOException {
    String s = secret();
    String body = s.substring(6);
    byte[] old = new byte[32];
    RANDOM.nextBytes(old);
    Map<String, String> nearMisses =
        Map.ofEntries(
            Map.entry("one character short", s.substring(0, 54)),
            Map.entry("one character long", s + "x"),
            Map.entry("wrong prefix", "jwtat_" + body),
            Map.entry("upper-case prefix", "JWTAS_" + body),
            Map.entry("dash instead of underscore", "jwtas-" + body),
            Map.entry("glued to a word", "xjwtas_" + body),
            Map.entry(
                "base64url dash", "jwtas_" + body.substring(0, 10) + "-" + body.substring(11)),
            Map.entry(
                "base64url underscore",
                "jwtas_" + body.substring(0, 10) + "_" + body.substring(11)),
            Map.entry("base64 plus", "jwtas_" + body.substring(0, 30) + "+" + body.substring(31)),
            Map.entry("prefix alone", "api_secret=jwtas_"),
            Map.entry(
                "old-style secret",
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(old)));
    for (Pattern rule : List.of(gitleaks(), secretlint())) {
      nearMisses.forEach(
          (why, text) -> assertFalse(rule.matcher(text).find(), () -> why + ": " + text));
    }
  }
}
