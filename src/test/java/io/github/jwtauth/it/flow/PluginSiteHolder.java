package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Starts a {@link PluginSite} once per test class on the subclass's container, for the contracts
 * that run on it ({@link KeyPairRoutesContract}, {@link PluginTokenTestsContract}, {@link
 * PluginKeyPairTestsContract}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PluginSiteHolder {
  private PluginSite site;

  /** Which container runs the suite. */
  abstract Container.Kind containerKind();

  @BeforeAll
  void startSite() {
    site = PluginSite.start(containerKind(), getClass().getSimpleName());
  }

  @AfterAll
  void stopSite() {
    if (site != null) {
      site.close();
    }
  }

  public PluginSite site() {
    return site;
  }
}
