package io.github.jwtauth.container;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Registers {@link JwtServerAuthModule} for one web application through the Jakarta Authentication
 * 3.0 API, and removes the registration when the application stops. Loaded only once {@link
 * ContainerModeInitializer} has seen that the API is visible, so that a container without it never
 * links this class.
 *
 * <p>Stateless and thread-safe.
 */
final class Registration {
  private Registration() {}

  /**
   * Registers the module.
   *
   * @return null once registered, else why not
   * @throws UnsupportedOperationException from a factory that does not take application modules
   *     (Jetty 12)
   */
  static String register(ServletContext ctx, LoginConfig config) {
    AuthConfigFactory factory = AuthConfigFactory.getFactory();
    if (factory == null) {
      return "no Jakarta Authentication factory is configured";
    }
    String id =
        factory.registerServerAuthModule(
            new JwtServerAuthModule(ctx, config.basicRealm(), FormLogin.of(config)), ctx);
    ctx.addListener(new Removal(factory, id));
    return null;
  }

  /**
   * Removes the registration when the web application stops, by its id: Tomcat 10.1.49's {@code
   * removeServerAuthModule(context)} removes it and then throws IllegalArgumentException.
   */
  private record Removal(AuthConfigFactory factory, String id) implements ServletContextListener {
    @Override
    public void contextDestroyed(ServletContextEvent sce) {
      try {
        factory.removeRegistration(id);
      } catch (RuntimeException e) {
        // a factory that fails here must not fail the web application's stop
      }
    }
  }
}
