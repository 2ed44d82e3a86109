package io.github.jwtauth.it.ops;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Api.KeyPair;
import io.github.jwtauth.testsupport.Api.Tokens;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.HostileNeighbourServlet;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.KeyMaterial;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one jar beside hostile neighbours (README, "Installing in your app"): a legacy WAR whose own
 * {@code WEB-INF/lib} holds an old Jackson (2.10), an older Jakarta JSON Processing API (2.0) with
 * a different provider (GlassFish's), and its own servlet using both ({@link
 * HostileNeighbourServlet}), with the jwt-auth jar beside them, on Tomcat 11 and Jetty 12. The
 * webapp's parent class loader hides jwt-auth and its libraries on the test class path ({@link
 * TestWebapp#isolated()}), so everything of ours comes from the one jar alone. The app's JSON
 * endpoints keep their own libraries, the whole token flow works in the same webapp, and no class
 * loading error shows in the container's log or in any answer.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Container.Kind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileNeighbourIT {
  static final Pattern CLASS_TROUBLE =
      Pattern.compile(
          "LinkageError|ClassCastException|NoSuchMethodError|NoSuchFieldError|NoClassDefFoundError"
              + "|ClassNotFoundException|AbstractMethodError|IncompatibleClassChangeError"
              + "|ServiceConfigurationError|ExceptionInInitializerError");

  /** The root of java.util.logging: Tomcat's and jwt-auth's log (strong reference). */
  static final Logger ROOT = Logger.getLogger("");

  @Parameter Container.Kind kind;

  Container container;
  Databases.Db db;
  Api api;
  java.security.KeyPair signing;
  final List<String> logged = new ArrayList<>();
  final List<String> answers = new ArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          StringBuilder sb =
              new StringBuilder(r.getLoggerName() + " " + r.getLevel() + " " + r.getMessage());
          for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
            sb.append("\n  caused by: ").append(t);
          }
          synchronized (logged) {
            logged.add(sb.toString());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  /** The neighbours' jars, copied by the build (maven-dependency-plugin) to target/hostile-libs. */
  static List<Path> hostileLibs() {
    String dir = System.getProperty("jwtauth.hostile-libs");
    Path libs =
        dir == null ? TestWebapp.targetDir().resolve("hostile-libs") : Paths.get(dir).normalize();
    try (Stream<Path> jars = Files.list(libs)) {
      List<Path> found = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
      assertEquals(5, found.size(), () -> "the hostile neighbours in " + libs + ": " + found);
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "no " + libs + ": run the ITs with mvn verify (pre-integration-test copies them)", e);
    }
  }

  @BeforeParameterizedClassInvocation
  void start() {
    capture.setLevel(Level.ALL);
    ROOT.addHandler(capture);
    db = Databases.h2("hostile-" + kind);
    signing = KeyMaterial.ec();
    Path keys = KeyMaterial.directory("HostileNeighbourIT-" + kind);
    TestWebapp app =
        TestWebapp.named("hostile")
            .isolated()
            .param("jwt-auth.algorithm", "ES256")
            .param(
                "jwt-auth.signing-key",
                KeyMaterial.fileRef(keys, "signing.pem", KeyMaterial.signingPem(signing)))
            .param("jwt-auth.schema-create", "true")
            .params(db.jdbcParams())
            .webInfClass(HostileNeighbourServlet.class)
            .webXml(
                "  <servlet><servlet-name>neighbour</servlet-name><servlet-class>"
                    + HostileNeighbourServlet.class.getName()
                    + "</servlet-class></servlet>\n"
                    + "  <servlet-mapping><servlet-name>neighbour</servlet-name>"
                    + "<url-pattern>/app/*</url-pattern></servlet-mapping>");
    hostileLibs().forEach(app::lib);
    container = kind.start();
    api = new Api(container.deploy(app).requireStarted());
  }

  @AfterParameterizedClassInvocation
  void stop() {
    ROOT.removeHandler(capture);
    try {
      if (container != null) {
        container.close();
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  @AfterEach
  void noClassLoadingTroubleLoggedOrAnswered() {
    List<String> trouble = new ArrayList<>();
    synchronized (logged) {
      logged.stream().filter(l -> CLASS_TROUBLE.matcher(l).find()).forEach(trouble::add);
    }
    answers.stream().filter(a -> CLASS_TROUBLE.matcher(a).find()).forEach(trouble::add);
    assertEquals(List.of(), trouble);
  }

  Http.Res seen(Http.Res r) {
    answers.add(r.toString());
    return r;
  }

  @Test
  void whenTheAppServesJsonThenItUsesItsOwnOldJacksonAndJsonp() {
    Http.Res r = seen(api.app("/app/libs").get());

    assertEquals(200, r.status(), r::toString);
    JsonObject b = r.json();
    assertAll(
        () -> assertEquals("jackson-databind-2.10.5.1.jar", b.getString("jackson_jar")),
        () -> assertTrue(b.getString("jackson_version").startsWith("2.10.5"), b::toString),
        // org.glassfish:jakarta.json carries the API classes too: either jar may supply them
        () ->
            assertTrue(
                b.getString("jsonp_api_jar").matches("jakarta\\.json(-api)?-2\\.0\\.\\d+\\.jar"),
                b::toString),
        () -> assertEquals("org.glassfish.json.JsonProviderImpl", b.getString("jsonp_provider")),
        () -> assertEquals("jakarta.json-2.0.1.jar", b.getString("jsonp_provider_jar")),
        () -> assertTrue(b.isNull("remote_user"), b::toString));
  }

  @Test
  void whenTheAppEchoesJsonThenItsJsonpReadsAndItsJacksonWrites() {
    Http.Res r =
        seen(api.app("/app/echo").json("{\"note\":\"caf\\u00e9\",\"count\":3,\"ok\":true}").post());

    assertEquals(200, r.status(), r::toString);
    JsonObject b = r.json();
    assertAll(
        () ->
            assertEquals(Json.object("{\"note\":\"café\",\"count\":3,\"ok\":true}"), b.get("echo")),
        () -> assertEquals(3, b.getInt("tree_size")),
        () ->
            assertEquals(
                Json.object("{\"echo\":{\"note\":\"café\",\"count\":3,\"ok\":true}}"),
                Json.object(b.getString("via_jsonp"))));
  }

  @Test
  void whenTheWholeTokenFlowRunsInTheSameWebappThenEveryStepWorks() {
    // key-pair over the container's BASIC login
    KeyPair kp = api.createKeyPair("alice", "beside old jackson");
    // token exchange
    Tokens t = api.tokens(kp);
    // a Bearer request to a legacy servlet
    Http.Res me = seen(api.me(t.access()));
    assertEquals(200, me.status(), me::toString);
    assertEquals("alice", me.json().getString("remote_user"));
    assertEquals("Bearer", me.json().getString("auth_type"));
    // ... and to the app's own JSON servlet, which writes the token's user with its old Jackson
    Http.Res libs = seen(api.app("/app/libs").bearer(t.access()).get());
    assertEquals(200, libs.status(), libs::toString);
    assertEquals("alice", libs.json().getString("remote_user"));
    // refresh: a new pair, and the new access token works
    Http.Res refreshed = seen(api.refresh(t.refresh()));
    assertEquals(200, refreshed.status(), refreshed::toString);
    String access = refreshed.json().getString("access_token");
    assertNotEquals(t.refresh(), refreshed.json().getString("refresh_token"));
    Http.Res again = seen(api.me(access));
    assertEquals(200, again.status(), again::toString);
    assertEquals("alice", again.json().getString("remote_user"));
    // the spent refresh token is refused
    Http.Res reused = seen(api.refresh(t.refresh()));
    assertEquals(403, reused.status(), reused::toString);
    assertEquals("rest_authentication_refresh_token_reused", reused.json().getString("code"));
    // JWKS: the public key of the signing key
    Http.Res jwks = seen(api.api("/keys").get());
    assertEquals(200, jwks.status(), jwks::toString);
    JsonArray keys = jwks.json().getJsonArray("keys");
    assertEquals(1, keys.size(), jwks::toString);
    assertEquals(signing.getPublic(), KeyMaterial.fromJwk(keys.getJsonObject(0)));
  }
}
