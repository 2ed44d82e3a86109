package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;

/** The port of the plugin's token tests on Tomcat 11. */
class TomcatPluginTokenTestsIT extends PluginSiteHolder implements PluginTokenTestsContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.TOMCAT;
  }
}
