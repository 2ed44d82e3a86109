package io.github.jwtauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamTest {
  /** One row of the README's parameter table per name it lists, with the default it shows. */
  record Row(String name, String defaultText) {}

  static List<Row> readmeRows() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int start = lines.indexOf("## Configuration");
    assertTrue(start >= 0, "README.md has a ## Configuration section");
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (!line.startsWith("| `jwt-auth.")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String shown = cells[2].replace("`", "").trim();
      // "–", "none" and "required for HS*" all mean: no default value
      String def = shown.matches("–|-|none|required.*") ? null : shown;
      for (String name : cells[1].split(",")) {
        rows.add(new Row(name.replace("`", "").trim(), def));
      }
    }
    return rows;
  }

  @Test
  void whenReadmeTableIsReadThenItListsEveryParamInOrderWithItsDefault() throws Exception {
    List<Row> expected =
        Arrays.stream(Param.values()).map(p -> new Row(p.paramName(), p.defaultText())).toList();
    assertEquals(expected, readmeRows());
  }

  @Test
  void whenNameIsUnknownThenTheMessageListsEveryParamSorted() {
    String m =
        assertThrows(IllegalArgumentException.class, () -> Param.named("jwt-auth.x")).getMessage();
    List<String> names = new ArrayList<>();
    for (Param p : Param.values()) {
      names.add(p.paramName());
    }
    names.sort(null);
    assertEquals("Unknown parameter jwt-auth.x; known parameters: " + String.join(", ", names), m);
  }

  @Test
  void whenNamedThenEachParamIsFoundByItsOwnName() {
    for (Param p : Param.values()) {
      assertEquals(p, Param.named(p.paramName()));
      assertTrue(p.paramName().startsWith(Settings.PREFIX), p::paramName);
      assertNotNull(p.description(), p::paramName);
    }
  }

  @Test
  void whenEachDefaultIsParsedThenItIsAccepted() {
    Map<String, String> all = new HashMap<>();
    for (Param p : Param.values()) {
      if (p.defaultText() != null) {
        all.put(p.paramName(), p.defaultText());
      }
    }
    all.put(Param.JDBC_URL.paramName(), "jdbc:h2:mem:x");
    all.put(Param.SECRET.paramName(), SettingsTest.SECRET);
    Settings s = Settings.parse(all, n -> null);
    assertEquals(Settings.parse(SettingsTest.base(), n -> null).describe(), s.describe());
  }
}
