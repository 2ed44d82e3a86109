package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;

/** The port of the plugin's key-pair and list-table tests on Tomcat 11. */
class TomcatPluginKeyPairTestsIT extends PluginSiteHolder implements PluginKeyPairTestsContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.TOMCAT;
  }
}
