package io.github.jwtauth.it.ops;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Api.KeyPair;
import io.github.jwtauth.testsupport.Api.Tokens;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.TcpProxy;
import io.github.jwtauth.testsupport.TestWebapp;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fail closed: with the database cut off (a TCP proxy in front of an H2 TCP server or PostgreSQL is
 * switched off), nothing is issued and a Bearer request whose key-pair status must be checked
 * ({@code status-cache-ttl=0}) is refused with 503 {@code rest_authentication_unavailable}, never
 * let through; when the database comes back, service resumes without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FailClosedContract {
  static final String SECRET = "fail-closed-test-secret-0123456789-abcdefghijklm";
  static final String UNAVAILABLE = "rest_authentication_unavailable";

  enum Backend {
    H2,
    POSTGRESQL
  }

  Container container;
  final Map<Backend, Databases.Db> dbs = new EnumMap<>(Backend.class);
  final Map<Backend, TcpProxy> proxies = new EnumMap<>(Backend.class);
  final Map<Backend, Api> apis = new EnumMap<>(Backend.class);

  abstract Container.Kind containerKind();

  @BeforeAll
  void start() {
    String name = getClass().getSimpleName();
    dbs.put(Backend.H2, Databases.h2Tcp(name));
    dbs.put(Backend.POSTGRESQL, Databases.postgres(name));
    container = containerKind().start();
    for (Backend b : Backend.values()) {
      Databases.Db db = dbs.get(b);
      String[] hostPort = db.hostPort();
      TcpProxy proxy = new TcpProxy(hostPort[0], Integer.parseInt(hostPort[1]));
      proxies.put(b, proxy);
      Deployment d =
          container
              .deploy(
                  TestWebapp.named("fail-closed-" + b.name().toLowerCase())
                      .param("jwt-auth.secret", SECRET)
                      .param("jwt-auth.schema-create", "true")
                      .param("jwt-auth.status-cache-ttl", "0")
                      .params(db.via("127.0.0.1", proxy.port()).jdbcParams()))
              .requireStarted();
      apis.put(b, new Api(d));
    }
  }

  @AfterAll
  void stop() {
    proxies.values().forEach(TcpProxy::close);
    try {
      if (container != null) {
        container.close();
      }
    } finally {
      dbs.values().forEach(Databases.Db::close);
    }
  }

  @AfterEach
  void reconnect() {
    proxies.values().forEach(TcpProxy::start);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void whenDatabaseUnreachableThen503AndServiceResumesWhenItReturns(Backend backend) {
    Api api = apis.get(backend);
    TcpProxy proxy = proxies.get(backend);
    KeyPair kp = api.createKeyPair("admin", "fail-closed");
    Tokens t = api.tokens(kp);
    Expect.me(api.me(t.access()), "admin", "Bearer", true);

    proxy.stop();
    endpointError(api.token(kp.apiKey(), kp.apiSecret()), 503, UNAVAILABLE);
    endpointError(api.refresh(t.refresh()), 503, UNAVAILABLE);
    Expect.error(api.me(t.access()), 503, UNAVAILABLE);
    Expect.error(api.api("/token/validate").bearer(t.access()).get(), 503, UNAVAILABLE);
    endpointError(api.api("/key-pair").basic("admin", "password").get(), 503, UNAVAILABLE);
    // anonymous requests do not need the database
    Expect.me(api.app("/api/me").get(), null, null, false);

    proxy.start();
    Expect.me(api.me(t.access()), "admin", "Bearer", true);
    Tokens again = api.tokens(kp);
    Expect.me(api.me(again.access()), "admin", "Bearer", true);
    // the refresh token sent while the store was down was not spent
    assertEquals(200, api.refresh(t.refresh()).status(), "refresh after recovery");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void whenDatabaseUnreachableThenKeyPairCreationFailsCleanlyAndNothingIsCreated(Backend backend) {
    Api api = apis.get(backend);
    TcpProxy proxy = proxies.get(backend);
    int before = api.list("alice", null).size();
    proxy.stop();
    endpointError(
        api.api("/key-pair").basic("alice", "password").multipart("name", "while-down").post(),
        503,
        UNAVAILABLE);
    proxy.start();
    assertEquals(
        before, api.list("alice", null).size(), "nothing created while the store was down");
  }
}
