package io.github.jwtauth.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.LogCapture;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.RegistrationListener;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mode decision, on a stand-in ServletContext and Jakarta Authentication factory. */
class ContainerModeInitializerTest {
  static final String BASIC =
      "<web-app><security-constraint/><login-config><auth-method>BASIC</auth-method>"
          + "<realm-name>test</realm-name></login-config></web-app>";
  static final String FORM =
      "<web-app><security-constraint/><login-config><auth-method>FORM</auth-method>"
          + "<form-login-config><form-login-page>/login</form-login-page>"
          + "<form-error-page>/error</form-error-page></form-login-config></login-config></web-app>";

  static String loginConfig(String authMethod) {
    return "<web-app><security-constraint/><login-config><auth-method>"
        + authMethod
        + "</auth-method></login-config></web-app>";
  }

  AuthConfigFactory before;
  FakeFactory factory = new FakeFactory();

  @BeforeEach
  void installFactory() {
    before = AuthConfigFactory.getFactory();
    AuthConfigFactory.setFactory(factory);
  }

  @AfterEach
  void restoreFactory() {
    AuthConfigFactory.setFactory(before);
  }

  /** A ServletContext with web.xml, context-params, and JwtAuthFilter declared or not. */
  static final class Ctx {
    final Map<String, Object> attributes = new HashMap<>();
    final Map<String, String> params = new HashMap<>();
    final List<Object> listeners = new ArrayList<>();
    String webXml;
    boolean filter = true;

    ServletContext proxy() {
      FilterRegistration reg =
          (FilterRegistration)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {FilterRegistration.class},
                  (p, m, a) ->
                      switch (m.getName()) {
                        case "getClassName" -> "io.github.jwtauth.JwtAuthFilter";
                        case "getInitParameter" -> null;
                        default -> throw new UnsupportedOperationException(m.getName());
                      });
      return (ServletContext)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {ServletContext.class},
              (p, m, a) ->
                  switch (m.getName()) {
                    case "getFilterRegistrations" -> filter ? Map.of("f", reg) : Map.of();
                    case "getInitParameter" -> params.get((String) a[0]);
                    case "getResourceAsStream" ->
                        webXml == null
                            ? null
                            : new ByteArrayInputStream(webXml.getBytes(StandardCharsets.UTF_8));
                    case "getClassLoader" -> getClass().getClassLoader();
                    case "getResourcePaths" -> Set.of();
                    case "getAttribute" -> attributes.get((String) a[0]);
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    case "addListener" -> listeners.add(a[0]);
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                  });
    }
  }

  static String start(Ctx c) throws ServletException {
    ServletContext ctx = c.proxy();
    new ContainerModeInitializer().onStartup(Set.of(), ctx);
    return (String) ctx.getAttribute(ContainerModeInitializer.MODE_ATTRIBUTE);
  }

  @Test
  void whenBasicAndConstrainedThenContainerModeAndRemovedOnStop() throws Exception {
    Ctx c = new Ctx();
    c.webXml = BASIC;
    assertEquals("container", start(c));
    assertInstanceOf(JwtServerAuthModule.class, factory.registered);
    assertEquals(1, c.listeners.size());
    ((jakarta.servlet.ServletContextListener) c.listeners.get(0)).contextDestroyed(null);
    assertEquals(List.of("id-1"), factory.removed);
  }

  @Test
  void whenTheFactoryFailsToRemoveThenTheStopGoesOn() throws Exception {
    Ctx c = new Ctx();
    c.webXml = BASIC;
    assertEquals("container", start(c));
    factory.failRemoval = true;
    ((jakarta.servlet.ServletContextListener) c.listeners.get(0)).contextDestroyed(null);
    assertEquals(List.of("id-1"), factory.removed);
  }

  @Test
  void whenNoFilterOrModeFilterThenNothingIsRegistered() throws Exception {
    Ctx none = new Ctx();
    none.webXml = BASIC;
    none.filter = false;
    assertEquals("filter", start(none));
    Ctx filter = new Ctx();
    filter.webXml = BASIC;
    filter.params.put("jwt-auth.mode", "filter");
    assertEquals("filter", start(filter));
    assertEquals(null, factory.registered);
  }

  @Test
  void whenAutoWithoutConstraintThenFilterModeButContainerForcesIt() throws Exception {
    Ctx auto = new Ctx();
    auto.webXml =
        "<web-app><login-config><auth-method>BASIC</auth-method></login-config></web-app>";
    assertEquals("filter", start(auto));
    Ctx forced = new Ctx();
    forced.webXml = auto.webXml;
    forced.params.put("jwt-auth.mode", "container");
    assertEquals("container", start(forced));
  }

  @Test
  void whenFormAndConstrainedThenContainerMode() throws Exception {
    Ctx c = new Ctx();
    c.webXml = FORM;
    assertEquals("container", start(c));
    assertInstanceOf(JwtServerAuthModule.class, factory.registered);
    Ctx forced = new Ctx();
    forced.webXml =
        "<web-app><login-config><auth-method>form</auth-method></login-config></web-app>";
    forced.params.put("jwt-auth.mode", "container");
    assertEquals("container", start(forced));
  }

  @Test
  void whenDigestOrClientCertThenFilterModeOrAStartFailureWithModeContainer() throws Exception {
    for (String method : List.of("DIGEST", "CLIENT-CERT")) {
      try (LogCapture log = LogCapture.start()) {
        Ctx auto = new Ctx();
        auto.webXml = loginConfig(method);
        assertEquals("filter", start(auto));
        assertEquals(
            List.of(
                "jwt-auth: filter mode (login-config "
                    + method
                    + " is not carried over by the module yet)"),
            log.lines().stream().filter(l -> l.startsWith("jwt-auth: ")).toList());
      }
      Ctx forced = new Ctx();
      forced.webXml = loginConfig(method);
      forced.params.put("jwt-auth.mode", "container");
      ServletException e = assertThrows(ServletException.class, () -> start(forced));
      assertEquals(
          "jwt-auth: jwt-auth.mode is container, but login-config "
              + method
              + " is not carried over by the module yet",
          e.getMessage());
    }
    assertEquals(null, factory.registered);
  }

  /** Jetty 12's factory throws UnsupportedOperationException for an application's module. */
  @Test
  void whenTheFactoryRefusesTheModuleThenFilterModeOrAStartFailure() throws Exception {
    factory.refuse = true;
    Ctx auto = new Ctx();
    auto.webXml = BASIC;
    assertEquals("filter", start(auto));
    Ctx forced = new Ctx();
    forced.webXml = BASIC;
    forced.params.put("jwt-auth.mode", "container");
    ServletException e = assertThrows(ServletException.class, () -> start(forced));
    assertTrue(e.getMessage().endsWith("does not take a module registered by the application"));
  }

  @Test
  void whenTheInitializerNeverRanThenTheFilterDecidesFilterModeOrRefusesContainer()
      throws Exception {
    Ctx c = new Ctx();
    ServletContext ctx = c.proxy();
    ContainerModeInitializer.filterStarted(ctx, "auto");
    assertEquals("filter", ctx.getAttribute(ContainerModeInitializer.MODE_ATTRIBUTE));
    ServletException e =
        assertThrows(
            ServletException.class,
            () -> ContainerModeInitializer.filterStarted(new Ctx().proxy(), "container"));
    assertEquals(
        "jwt-auth: jwt-auth.mode is container, but the container did not run jwt-auth's"
            + " ServletContainerInitializer",
        e.getMessage());
  }

  @Test
  void whenModeIsUnknownThenTheStartFails() {
    Ctx c = new Ctx();
    c.webXml = BASIC;
    c.params.put("jwt-auth.mode", "both");
    ServletException e = assertThrows(ServletException.class, () -> start(c));
    assertEquals(
        "jwt-auth: invalid configuration: Parameter jwt-auth.mode must be auto, container or"
            + " filter, not 'both'",
        e.getMessage());
  }

  static final class FakeFactory extends AuthConfigFactory {
    Object registered;
    boolean refuse;
    boolean failRemoval;
    final List<String> removed = new ArrayList<>();

    @Override
    public String registerServerAuthModule(ServerAuthModule module, Object context) {
      if (refuse) {
        throw new UnsupportedOperationException();
      }
      registered = module;
      return "id-1";
    }

    @Override
    public boolean removeRegistration(String id) {
      removed.add(id);
      if (failRemoval) {
        throw new IllegalStateException("removal failed");
      }
      return true;
    }

    @Override
    public AuthConfigProvider getConfigProvider(String l, String a, RegistrationListener r) {
      return null;
    }

    @Override
    public String registerConfigProvider(
        String c, Map<String, String> p, String l, String a, String d) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String registerConfigProvider(AuthConfigProvider p, String l, String a, String d) {
      throw new UnsupportedOperationException();
    }

    /** As Tomcat 10.1.49's: removes, then throws. */
    @Override
    public void removeServerAuthModule(Object context) {
      removed.add("by context");
      throw new IllegalArgumentException("unsupported context type");
    }

    @Override
    public String[] detachListener(RegistrationListener l, String layer, String appContext) {
      return new String[0];
    }

    @Override
    public String[] getRegistrationIDs(AuthConfigProvider provider) {
      return new String[0];
    }

    @Override
    public RegistrationContext getRegistrationContext(String id) {
      return null;
    }

    @Override
    public void refresh() {}
  }
}
