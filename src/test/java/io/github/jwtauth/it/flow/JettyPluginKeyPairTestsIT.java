package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;

/** The port of the plugin's key-pair and list-table tests on Jetty 12. */
class JettyPluginKeyPairTestsIT extends PluginSiteHolder implements PluginKeyPairTestsContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.JETTY;
  }
}
