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
}
