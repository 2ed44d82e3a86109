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
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * What the container mode needs from {@code WEB-INF/web.xml}, which the Servlet API does not
 * expose: the {@code <login-config>} (Servlet 6.0 §14.4, element {@code login-config}) and whether
 * any {@code <security-constraint>} is declared, in web.xml or in the web-fragments the container
 * reads ({@link #read}). Read with a parser that loads no DTD, schema or external entity.
 * Annotations cannot declare a login-config; {@code @ServletSecurity} constraints are not seen.
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

  /**
   * The application's login-config and constraints: {@code WEB-INF/web.xml}'s, and, unless it is
   * metadata-complete, those of the {@code META-INF/web-fragment.xml}s of the jars in {@code
   * WEB-INF/lib} (Servlet 6.0 §8.2.3: constraints add up; web.xml's login-config wins, else a
   * fragment's), in the container's order of the jars when it has one ({@link
   * ServletContext#ORDERED_LIBS}).
   */
  static LoginConfig read(ServletContext ctx) {
    Element root;
    try (InputStream in = ctx.getResourceAsStream("/WEB-INF/web.xml")) {
      root = in == null ? null : document(in);
    } catch (IOException | RuntimeException e) {
      return new LoginConfig(null, null, false, "WEB-INF/web.xml could not be read");
    } catch (SAXException | ParserConfigurationException e) {
      return new LoginConfig(null, null, false, "WEB-INF/web.xml could not be parsed");
    }
    LoginConfig own = root == null ? new LoginConfig(null, null, false, null) : of(root);
    if (root != null && "true".equalsIgnoreCase(root.getAttribute("metadata-complete").trim())) {
      return own;
    }
    LoginConfig merged = own;
    for (Fragments.Fragment f : Fragments.read(ctx)) {
      LoginConfig frag;
      try (InputStream in = new java.io.ByteArrayInputStream(f.xml())) {
        frag = of(document(in));
      } catch (IOException | RuntimeException | SAXException | ParserConfigurationException e) {
        return new LoginConfig(
            null, null, false, "META-INF/web-fragment.xml of " + f.jar() + " could not be parsed");
      }
      boolean constrained = merged.constrained || frag.constrained;
      merged =
          merged.authMethod == null && frag.authMethod != null
              ? new LoginConfig(
                  frag.authMethod,
                  frag.realmName,
                  constrained,
                  null,
                  frag.formLoginPage,
                  frag.formErrorPage)
              : new LoginConfig(
                  merged.authMethod,
                  merged.realmName,
                  constrained,
                  null,
                  merged.formLoginPage,
                  merged.formErrorPage);
    }
    return merged;
  }

  static LoginConfig parse(InputStream in) {
    try {
      return of(document(in));
    } catch (IOException | SAXException | ParserConfigurationException e) {
      return new LoginConfig(null, null, false, "WEB-INF/web.xml could not be parsed");
    }
  }

  private static Element document(InputStream in)
      throws IOException, SAXException, ParserConfigurationException {
    return builder().parse(in).getDocumentElement();
  }

  /** The login-config and constraints of a {@code web-app} or {@code web-fragment} element. */
  private static LoginConfig of(Element root) {
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
