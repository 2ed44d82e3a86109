package io.github.jwtauth.web.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileEndpointTest {

  @Test
  void whenTextHasMarkupThenHtmlEscapesIt() {
    assertEquals(
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;",
        ProfileEndpoint.html("<script>alert(1)</script> & \"x\" 'y'"));
  }

  @Test
  void whenJsonHoldsScriptEndThenScriptJsonEscapesItAndMeansTheSame() {
    String value = "</script><script>alert(1)</script><!-- & \u2028";
    String json = Json.write(Json.object().add("user", value).build());
    String safe = ProfileEndpoint.scriptJson(json);
    assertFalse(safe.contains("<") || safe.contains(">") || safe.contains("&"), safe);
    assertFalse(safe.contains("\u2028"), safe);
    JsonObject back = jakarta.json.Json.createReader(new java.io.StringReader(safe)).readObject();
    assertEquals(value, back.getString("user"));
  }

  @Test
  void whenTemplateParsedThenLiteralsAndPlaceholdersAlternate() {
    assertEquals(
        List.of("<a n=\"", "nonce", "\">", "login", "</a>"),
        ProfileEndpoint.parse("<a n=\"{{nonce}}\">{{login}}</a>"));
    assertEquals(List.of("no placeholders"), ProfileEndpoint.parse("no placeholders"));
  }

  @Test
  void whenTemplateHasUnknownPlaceholderThenRefused() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ProfileEndpoint.parse("{{secret}}"));
    assertTrue(e.getMessage().contains("{{secret}}"), e.getMessage());
  }

  @Test
  void whenShippedTemplateParsedThenEveryValueIsInjectedWhereExpected() throws IOException {
    String page;
    try (InputStream in = ProfileEndpoint.class.getResourceAsStream(ProfileEndpoint.TEMPLATE)) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> parts = ProfileEndpoint.parse(page);
    List<String> names =
        java.util.stream.IntStream.range(0, parts.size())
            .filter(i -> i % 2 == 1)
            .mapToObj(parts::get)
            .sorted()
            .toList();
    assertEquals(List.of("config", "login", "nonce", "nonce", "user", "user"), names);
    assertTrue(
        page.contains(
            "<script type=\"application/json\" id=\"jwt-auth-config\">{{config}}</script>"));
    assertTrue(page.contains("<script nonce=\"{{nonce}}\">"));
    assertTrue(page.contains("<style nonce=\"{{nonce}}\">"));
    assertFalse(page.contains(" style=\""), "inline style attributes are blocked by the CSP");
    assertFalse(
        page.matches("(?s).*\\son[a-z]+=\".*"), "inline event handlers are blocked by the CSP");
  }
}
