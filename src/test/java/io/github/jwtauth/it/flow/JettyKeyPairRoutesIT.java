package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;

/** The key-pair routes (ours and the plugin's) and admin provisioning on Jetty 12. */
class JettyKeyPairRoutesIT extends PluginSiteHolder implements KeyPairRoutesContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.JETTY;
  }
}
