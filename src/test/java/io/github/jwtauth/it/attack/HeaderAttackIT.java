package io.github.jwtauth.it.attack;

import static io.github.jwtauth.testsupport.Forgery.ATTACKER_SECRET;
import static io.github.jwtauth.testsupport.Forgery.B64;
import static io.github.jwtauth.testsupport.Forgery.hmac;
import static io.github.jwtauth.testsupport.Forgery.jws;
import static io.github.jwtauth.testsupport.Forgery.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.jwtauth.testsupport.AttackFixture;
import io.github.jwtauth.testsupport.AttackTarget;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forged JOSE headers (README, "Security model": forged or tampered tokens), over HTTP against
 * Jetty 12 and Tomcat 11: {@code kid} with path traversal, SQL and shell metacharacters; {@code
 * jku} and {@code x5u} pointing at the attacker's server; an embedded {@code jwk} carrying the
 * attacker's key; {@code crit} the server does not understand (RFC 7515 §4.1). Each forgery is
 * otherwise a genuine token, so only the attacked header can make the server refuse it.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Container.Kind.class)
class HeaderAttackIT extends AttackFixture {
  // ================================================================== header attacks

  static final String KID_MARKER = "KID_MARKER";

  static Stream<Arguments> kidAttacks() {
    List<String> kids =
        List.of(
            "../../../../../../../../dev/null",
            "/dev/null",
            "....//....//....//etc/passwd",
            "..\\..\\..\\windows\\win.ini",
            "file:///dev/null",
            "' OR '1'='1",
            "x' UNION SELECT 'attacker-key' --",
            "1; DROP TABLE jwt_auth_key_pair; --",
            "$(touch " + KID_MARKER + ")",
            "`touch " + KID_MARKER + "`",
            "; touch " + KID_MARKER,
            "| touch " + KID_MARKER,
            "&& touch " + KID_MARKER,
            "%00",
            "\u0000",
            "",
            "k".repeat(2000));
    List<Arguments> out = new ArrayList<>();
    for (String alg : List.of("HS256", "RS256")) {
      kids.forEach(k -> out.add(Arguments.of(alg, k)));
    }
    return out.stream();
  }

  /**
   * {@code kid} with path traversal, SQL and shell metacharacters, signed with the keys such a
   * lookup could be tricked into: the empty key ({@code /dev/null}; HMAC pads keys with zeros, so
   * one zero byte is the same key), the SQL-injected literal, the kid text itself, the contents of
   * {@code /etc/passwd}, and the attacker's own key. A shell injection would create a marker file;
   * it must not exist.
   */
  @ParameterizedTest(name = "{0} kid={1}")
  @MethodSource("kidAttacks")
  void whenKidCarriesPathTraversalSqlOrShellMetacharactersThen401TokenError(
      String alg, String kidTemplate) throws IOException {
    AttackTarget t = target(alg);
    Path marker = TestWebapp.targetDir().resolve("kid-marker-" + UUID.randomUUID());
    String kid = kidTemplate.replace(KID_MARKER, marker.toString());
    JsonObject header = with(t.header(), b -> b.add("kid", kid));
    String payload = t.claims(b -> b).toString();
    List<byte[]> keys =
        new ArrayList<>(
            List.of(
                new byte[1],
                "attacker-key".getBytes(StandardCharsets.UTF_8),
                (kid.isEmpty() ? "x" : kid).getBytes(StandardCharsets.UTF_8)));
    Path passwd = Path.of("/etc/passwd");
    if (Files.isReadable(passwd)) {
      keys.add(Files.readAllBytes(passwd));
    }
    for (byte[] key : keys) {
      refused(
          t,
          hmac("HmacSHA256", key, with(header, b -> b.add("alg", "HS256")).toString(), payload),
          TOKEN_ERROR);
    }
    refused(t, jws(attackerAlgorithm(alg), header.toString(), payload), TOKEN_ERROR);
    assertFalse(Files.exists(marker), "a shell ran the kid: " + marker);
  }

  /**
   * {@code jku} and {@code x5u} pointing at a server of the attacker's, on a local socket that
   * serves the attacker's JWKS: refused, and the socket is never connected to.
   */
  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256", "HS256"})
  void whenJkuOrX5uPointsToAnAttackerServerThen401AndNoConnectionIsMade(String alg)
      throws Exception {
    AttackTarget t = target(alg);
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String jwks = "{\"keys\":[" + attackerJwk(alg, "attacker-kid") + "]}";
      Thread acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (Socket s = server.accept()) {
                    connections.incrementAndGet();
                    OutputStream out = s.getOutputStream();
                    byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
                    out.write(
                        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                + body.length
                                + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                  } catch (IOException e) {
                    // closed
                  }
                }
              },
              "attacker-jwks");
      acceptor.setDaemon(true);
      acceptor.start();
      String base = "http://127.0.0.1:" + server.getLocalPort();
      String payload = t.claims(b -> b).toString();
      for (String member : List.of("jku", "x5u")) {
        String url = base + (member.equals("jku") ? "/jwks.json" : "/cert.pem");
        for (UnaryOperator<JsonObjectBuilder> kid :
            List.<UnaryOperator<JsonObjectBuilder>>of(
                b -> b.add("kid", "attacker-kid"), b -> b, b -> b.remove("kid"))) {
          JsonObject header = with(t.header(), b -> kid.apply(b.add(member, url)));
          refused(t, jws(attackerAlgorithm(alg), header.toString(), payload), TOKEN_ERROR);
        }
      }
      Thread.sleep(300); // room for an asynchronous fetch to show up
      assertEquals(0, connections.get(), "the server fetched the attacker's URL");
    }
  }

  /** An embedded {@code jwk} header carrying the attacker's key, which signed the token. */
  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256", "HS256"})
  void whenEmbeddedJwkCarriesTheAttackersKeyThen401TokenError(String alg) {
    AttackTarget t = target(alg);
    JsonObject jwk = Json.object(attackerJwk(alg, "attacker-kid"));
    String payload = t.claims(b -> b).toString();
    for (UnaryOperator<JsonObjectBuilder> kid :
        List.<UnaryOperator<JsonObjectBuilder>>of(
            b -> b, b -> b.add("kid", "attacker-kid"), b -> b.remove("kid"))) {
      JsonObject header = with(t.header(), b -> kid.apply(b.add("jwk", jwk)));
      refused(t, jws(attackerAlgorithm(alg), header.toString(), payload), TOKEN_ERROR);
    }
    // a symmetric jwk on an asymmetric deployment (and vice versa): still the attacker's key
    JsonObject oct =
        Json.object("{\"kty\":\"oct\",\"k\":\"" + B64.encodeToString(ATTACKER_SECRET) + "\"}");
    JsonObject header = with(t.header(), b -> b.add("alg", "HS256").add("jwk", oct));
    refused(t, hmac("HmacSHA256", ATTACKER_SECRET, header.toString(), payload), TOKEN_ERROR);
  }

  @ParameterizedTest(name = "crit={0}")
  @ValueSource(strings = {"[\"x-unknown\"]", "[\"exp\"]", "[]", "\"x-unknown\"", "[\"b64\"]"})
  void whenCritHeaderIsNotUnderstoodThen401TokenError(String crit) {
    JsonObject header =
        with(
            hs.header(),
            b -> b.add("crit", Json.parse(crit)).add("x-unknown", true).add("b64", false));
    refused(hs, hs.sign(header, hs.claims(b -> b)), TOKEN_ERROR);
  }
}
