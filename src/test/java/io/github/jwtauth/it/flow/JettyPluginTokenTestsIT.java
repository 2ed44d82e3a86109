package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;

/** The port of the plugin's token tests on Jetty 12. */
class JettyPluginTokenTestsIT extends PluginSiteHolder implements PluginTokenTestsContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.JETTY;
  }
}
