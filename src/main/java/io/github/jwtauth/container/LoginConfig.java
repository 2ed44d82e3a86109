package io.github.jwtauth.container;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * What the container mode needs from {@code WEB-INF/web.xml}, which the Servlet API does not
 * expose: the {@code <login-config>} (Servlet 6.0 §14.4, element {@code login-config}) and whether
 * any {@code <security-constraint>} is declared. Read with a parser that loads no DTD, schema or
 * external entity. Annotations cannot declare a login-config; web-fragments can, but are not read
 * (documented in README).
 *
 * @param authMethod {@code auth-method} upper-cased, or null without a login-config
 * @param realmName {@code realm-name}, or null
 * @param constrained whether web.xml declares a security-constraint
 * @param problem why web.xml could not be read, or null
 * @param formLoginPage {@code form-login-config/form-login-page}, or null
 * @param formErrorPage {@code form-login-config/form-error-page}, or null
 */
record LoginConfig(
    String authMethod,
    String realmName,
    boolean constrained,
    String problem,
    String formLoginPage,
    String formErrorPage) {
  /** Tomcat's realm name when the login-config gives none ({@code AuthenticatorBase}). */
  static final String DEFAULT_REALM_NAME = "Authentication required";

  /** A login-config without form pages. */
  LoginConfig(String authMethod, String realmName, boolean constrained, String problem) {
    this(authMethod, realmName, constrained, problem, null, null);
  }

  /** Whether the module carries the login-config over: BASIC, FORM, or none at all. */
  boolean supported() {
    return authMethod == null || "BASIC".equals(authMethod) || isForm();
  }

  /** Whether the login-config is FORM (Servlet 6.0 §13.6.3). */
  boolean isForm() {
    return "FORM".equals(authMethod);
  }

  /** The realm of the BASIC challenge, or null when there is no BASIC login-config. */
  String basicRealm() {
    if (!"BASIC".equals(authMethod)) {
      return null;
    }
    return realmName == null || realmName.isBlank() ? DEFAULT_REALM_NAME : realmName;
  }

  static LoginConfig read(ServletContext ctx) {
    try (InputStream in = ctx.getResourceAsStream("/WEB-INF/web.xml")) {
      if (in == null) {
        return new LoginConfig(null, null, false, null);
      }
      return parse(in);
    } catch (IOException | RuntimeException e) {
      return new LoginConfig(null, null, false, "WEB-INF/web.xml could not be read");
    }
  }

  static LoginConfig parse(InputStream in) {
    Document doc;
    try {
      doc = builder().parse(in);
    } catch (IOException | SAXException | ParserConfigurationException e) {
      return new LoginConfig(null, null, false, "WEB-INF/web.xml could not be parsed");
    }
    Element root = doc.getDocumentElement();
    String method = null;
    String realm = null;
    String loginPage = null;
    String errorPage = null;
    boolean constrained = false;
    boolean seen = false;
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element e)) {
        continue;
      }
      String name = localName(e);
      if ("security-constraint".equals(name)) {
        constrained = true;
      } else if ("login-config".equals(name) && !seen) {
        seen = true;
        method = child(e, "auth-method");
        realm = child(e, "realm-name");
        Element form = element(e, "form-login-config");
        if (form != null) {
          loginPage = child(form, "form-login-page");
          errorPage = child(form, "form-error-page");
        }
      }
    }
    return new LoginConfig(
        method == null ? null : method.toUpperCase(Locale.ROOT),
        realm,
        constrained,
        null,
        loginPage,
        errorPage);
  }

  private static String child(Element parent, String name) {
    Element e = element(parent, name);
    if (e == null) {
      return null;
    }
    String text = e.getTextContent().trim();
    return text.isEmpty() ? null : text;
  }

  private static Element element(Element parent, String name) {
    NodeList list = parent.getChildNodes();
    for (int i = 0; i < list.getLength(); i++) {
      if (list.item(i) instanceof Element e && name.equals(localName(e))) {
        return e;
      }
    }
    return null;
  }

  private static String localName(Element e) {
    return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
  }

  /** No DTD, schema or external entity is ever fetched (OWASP XXE prevention). */
  private static DocumentBuilder builder() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setValidating(false);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    DocumentBuilder b = f.newDocumentBuilder();
    // an old web.xml may name a DTD in its DOCTYPE: never fetch it
    b.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
    b.setErrorHandler(
        new org.xml.sax.ErrorHandler() {
          @Override
          public void warning(org.xml.sax.SAXParseException e) {}

          @Override
          public void error(org.xml.sax.SAXParseException e) throws SAXException {
            throw e;
          }

          @Override
          public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
            throw e;
          }
        });
    return b;
  }
}
