package io.github.jwtauth.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginConfigTest {
  static final String HEAD =
      "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">";

  static LoginConfig parse(String xml) {
    return LoginConfig.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void whenBasicWithRealmAndConstraintThenCarriedOver() {
    LoginConfig c =
        parse(
            HEAD
                + "<security-constraint><web-resource-collection><url-pattern>/a/*</url-pattern>"
                + "</web-resource-collection></security-constraint>"
                + "<login-config><auth-method> basic </auth-method><realm-name>test</realm-name>"
                + "</login-config></web-app>");
    assertEquals(new LoginConfig("BASIC", "test", true, null), c);
    assertTrue(c.supported());
    assertEquals("test", c.basicRealm());
  }

  @Test
  void whenBasicWithoutRealmNameThenTomcatsDefaultRealm() {
    LoginConfig c =
        parse(HEAD + "<login-config><auth-method>BASIC</auth-method></login-config></web-app>");
    assertEquals("Authentication required", c.basicRealm());
    assertFalse(c.constrained());
  }

  @Test
  void whenNoLoginConfigThenSupportedBearerOnly() {
    LoginConfig c = parse(HEAD + "</web-app>");
    assertEquals(new LoginConfig(null, null, false, null), c);
    assertTrue(c.supported());
    assertNull(c.basicRealm());
  }

  @Test
  void whenFormThenSupportedWithItsPagesAndNoBasicRealm() {
    LoginConfig c =
        parse(
            HEAD
                + "<login-config><auth-method>FORM</auth-method><form-login-config>"
                + "<form-login-page>/login</form-login-page><form-error-page>/e</form-error-page>"
                + "</form-login-config></login-config></web-app>");
    assertEquals(new LoginConfig("FORM", null, false, null, "/login", "/e"), c);
    assertTrue(c.supported());
    assertTrue(c.isForm());
    assertNull(c.basicRealm());
    assertNotNull(FormLogin.of(c));
  }

  @Test
  void whenDigestOrClientCertThenNotSupported() {
    for (String method : new String[] {"DIGEST", "CLIENT-CERT"}) {
      LoginConfig c =
          parse(
              HEAD
                  + "<login-config><auth-method>"
                  + method
                  + "</auth-method></login-config></web-app>");
      assertEquals(method, c.authMethod());
      assertFalse(c.supported());
      assertNull(FormLogin.of(c));
    }
  }

  @Test
  void whenNotXmlThenAProblemNotAnException() {
    assertEquals("WEB-INF/web.xml could not be parsed", parse("<web-app>").problem());
  }

  /** OWASP XXE: an old DOCTYPE is read without fetching its DTD; external entities stay out. */
  @Test
  void whenDoctypeOrExternalEntityThenNothingIsFetchedOrExpanded(@TempDir Path dir)
      throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET");
    LoginConfig old =
        parse(
            "<!DOCTYPE web-app PUBLIC \"-//Sun Microsystems, Inc.//DTD Web Application 2.3//EN\""
                + " \"http://127.0.0.1:9/web-app_2_3.dtd\"><web-app><login-config>"
                + "<auth-method>BASIC</auth-method><realm-name>old</realm-name></login-config>"
                + "</web-app>");
    assertEquals(new LoginConfig("BASIC", "old", false, null), old);
    LoginConfig xxe =
        parse(
            "<!DOCTYPE web-app [<!ENTITY x SYSTEM \""
                + secret.toUri()
                + "\">]><web-app><login-config><auth-method>BASIC</auth-method>"
                + "<realm-name>r&x;</realm-name></login-config></web-app>");
    assertNotNull(xxe);
    assertFalse(String.valueOf(xxe.realmName()).contains("TOP-SECRET"), xxe::toString);
  }

  static final String CONSTRAINT =
      "<security-constraint><web-resource-collection><url-pattern>/a/*</url-pattern>"
          + "</web-resource-collection></security-constraint>";
  static final String FORM =
      "<login-config><auth-method>FORM</auth-method><form-login-config>"
          + "<form-login-page>/in</form-login-page><form-error-page>/oops</form-error-page>"
          + "</form-login-config></login-config>";

  /** A jar holding only META-INF/web-fragment.xml with these elements. */
  static byte[] fragmentJar(String elements) throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
      zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/MANIFEST.MF"));
      zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new java.util.zip.ZipEntry(Fragments.ENTRY));
      zip.write(
          ("<web-fragment xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">"
                  + elements
                  + "</web-fragment>")
              .getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /**
   * A context serving web.xml and jars in WEB-INF/lib as streams (no real path), with an optional
   * ORDERED_LIBS attribute.
   */
  static jakarta.servlet.ServletContext context(
      String webXml, java.util.Map<String, byte[]> jars, java.util.List<String> ordered) {
    return (jakarta.servlet.ServletContext)
        java.lang.reflect.Proxy.newProxyInstance(
            LoginConfigTest.class.getClassLoader(),
            new Class<?>[] {jakarta.servlet.ServletContext.class},
            (p, m, a) ->
                switch (m.getName()) {
                  case "getResourceAsStream" -> {
                    String path = (String) a[0];
                    if (path.equals("/WEB-INF/web.xml")) {
                      yield webXml == null
                          ? null
                          : new ByteArrayInputStream(webXml.getBytes(StandardCharsets.UTF_8));
                    }
                    byte[] jar = jars.get(path.substring("/WEB-INF/lib/".length()));
                    yield jar == null ? null : new ByteArrayInputStream(jar);
                  }
                  case "getResourcePaths" -> {
                    java.util.Set<String> paths = new java.util.HashSet<>();
                    jars.keySet().forEach(j -> paths.add("/WEB-INF/lib/" + j));
                    yield paths;
                  }
                  case "getRealPath" -> null;
                  case "getAttribute" ->
                      jakarta.servlet.ServletContext.ORDERED_LIBS.equals(a[0]) ? ordered : null;
                  default -> throw new UnsupportedOperationException(m.getName());
                });
  }

  @Test
  void whenAWebFragmentHasTheConstraintAndTheLoginConfigThenBothCount() throws Exception {
    LoginConfig c =
        LoginConfig.read(
            context(
                HEAD + "</web-app>",
                java.util.Map.of("a.jar", fragmentJar(CONSTRAINT + FORM), "b.jar", new byte[0]),
                null));
    assertEquals(new LoginConfig("FORM", null, true, null, "/in", "/oops"), c);
  }

  @Test
  void whenWebXmlHasALoginConfigThenItWinsOverAFragmentsAndConstraintsAddUp() throws Exception {
    LoginConfig c =
        LoginConfig.read(
            context(
                HEAD + "<login-config><auth-method>BASIC</auth-method></login-config></web-app>",
                java.util.Map.of("a.jar", fragmentJar(CONSTRAINT + FORM)),
                null));
    assertEquals(new LoginConfig("BASIC", null, true, null), c);
  }

  @Test
  void whenTwoFragmentsHaveLoginConfigsThenTheFirstInTheContainersOrderWins() throws Exception {
    java.util.Map<String, byte[]> jars =
        java.util.Map.of(
            "a.jar",
            fragmentJar("<login-config><auth-method>BASIC</auth-method></login-config>"),
            "z.jar",
            fragmentJar(FORM));
    assertEquals("BASIC", LoginConfig.read(context(null, jars, null)).authMethod());
    assertEquals(
        "FORM",
        LoginConfig.read(context(null, jars, java.util.List.of("z.jar", "a.jar"))).authMethod());
  }

  @Test
  void whenMetadataCompleteOrTheJarIsLeftOutOfTheOrderingThenItsFragmentIsIgnored()
      throws Exception {
    java.util.Map<String, byte[]> jars = java.util.Map.of("a.jar", fragmentJar(CONSTRAINT + FORM));
    String complete =
        "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\""
            + " metadata-complete=\"true\"></web-app>";
    assertEquals(
        new LoginConfig(null, null, false, null), LoginConfig.read(context(complete, jars, null)));
    assertEquals(
        new LoginConfig(null, null, false, null),
        LoginConfig.read(context(HEAD + "</web-app>", jars, java.util.List.of())));
  }

  @Test
  void whenAFragmentIsNotXmlThenAProblemNamingTheJar() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
      zip.putNextEntry(new java.util.zip.ZipEntry(Fragments.ENTRY));
      zip.write("not xml".getBytes(StandardCharsets.UTF_8));
    }
    LoginConfig c =
        LoginConfig.read(
            context(HEAD + "</web-app>", java.util.Map.of("bad.jar", out.toByteArray()), null));
    assertEquals("META-INF/web-fragment.xml of bad.jar could not be parsed", c.problem());
  }
}
