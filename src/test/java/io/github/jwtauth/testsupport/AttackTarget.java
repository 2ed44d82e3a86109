package io.github.jwtauth.testsupport;

import static io.github.jwtauth.testsupport.Forgery.jws;
import static io.github.jwtauth.testsupport.Forgery.pem;

import com.auth0.jwt.algorithms.Algorithm;
import io.github.jwtauth.testsupport.Api.KeyPair;
import io.github.jwtauth.testsupport.Api.Tokens;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One deployment under attack: its database, its own key (which the test configured, so it can sign
 * genuine tokens), and admin's reference key-pair and access token. Not thread-safe.
 */
public final class AttackTarget implements AutoCloseable {
  public final String alg;
  public final Databases.Db db;
  public final Deployment deployment;
  public final Api api;
  public final Algorithm own;
  public final PublicKey publicKey;
  public final KeyPair reference;
  public final Tokens tokens;

  /** Live key-pair rows expected after each test. */
  public long rows;

  private AttackTarget(
      String alg, Databases.Db db, Deployment deployment, Algorithm own, PublicKey publicKey) {
    this.alg = alg;
    this.db = db;
    this.deployment = deployment;
    this.api = new Api(deployment);
    this.own = own;
    this.publicKey = publicKey;
    this.reference = api.createKeyPair("admin", "reference");
    this.tokens = api.tokens(reference);
    this.rows = 1;
  }

  public static AttackTarget hmac(Container container, String name, String secret) {
    Databases.Db db = Databases.h2(name);
    Deployment d =
        container
            .deploy(
                TestWebapp.named(name)
                    .param("jwt-auth.secret", secret)
                    .param("jwt-auth.schema-create", "true")
                    .param("jwt-auth.max-token-size", String.valueOf(AttackFixture.MAX_TOKEN))
                    .lenientAttemptLimits()
                    .params(db.jdbcParams()))
            .requireStarted();
    return new AttackTarget(
        "HS256", db, d, Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8)), null);
  }

  public static AttackTarget asymmetric(
      Container container, String name, String alg, java.security.KeyPair keys) {
    Databases.Db db = Databases.h2(name);
    Path pem = writePem(name, keys);
    Deployment d =
        container
            .deploy(
                TestWebapp.named(name)
                    .param("jwt-auth.algorithm", alg)
                    .param("jwt-auth.signing-key", "file:" + pem)
                    .param("jwt-auth.schema-create", "true")
                    .lenientAttemptLimits()
                    .params(db.jdbcParams()))
            .requireStarted();
    Algorithm own =
        alg.equals("RS256")
            ? Algorithm.RSA256((RSAPublicKey) keys.getPublic(), (RSAPrivateKey) keys.getPrivate())
            : Forgery.lowS(
                Algorithm.ECDSA256(
                    (ECPublicKey) keys.getPublic(), (ECPrivateKey) keys.getPrivate()));
    return new AttackTarget(alg, db, d, own, keys.getPublic());
  }

  public static Path writePem(String name, java.security.KeyPair keys) {
    Base64.Encoder mime = Base64.getMimeEncoder(64, new byte[] {'\n'});
    String text =
        "-----BEGIN PRIVATE KEY-----\n"
            + mime.encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n"
            + pem(keys.getPublic());
    try {
      Path dir = Files.createDirectories(TestWebapp.targetDir().resolve("it-keys"));
      Path file = dir.resolve(name + "-" + System.nanoTime() + ".pem");
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new key-pair of user, counted in the rows this target must hold. */
  public KeyPair newKeyPair(String user, String name) {
    KeyPair kp = api.createKeyPair(user, name);
    rows++;
    return kp;
  }

  /** The header of a genuine access token of this deployment. */
  public JsonObject header() {
    return Jwts.header(tokens.access());
  }

  public String kid() {
    return header().getString("kid", null);
  }

  /** The reference user's genuine {@code data.user} claim. */
  public Map<String, Object> user() {
    Map<String, Object> m = new LinkedHashMap<>();
    JsonObject u = Jwts.payload(tokens.access()).getJsonObject("data").getJsonObject("user");
    u.forEach(
        (k, v) ->
            m.put(
                k,
                switch (v.getValueType()) {
                  case STRING -> ((jakarta.json.JsonString) v).getString();
                  case NUMBER -> ((jakarta.json.JsonNumber) v).longValue();
                  default -> null;
                }));
    return m;
  }

  /** The reference token's claims with fresh times and a fresh jti, then changed. */
  public JsonObject claims(UnaryOperator<JsonObjectBuilder> change) {
    long now = Instant.now().getEpochSecond();
    JsonObjectBuilder b =
        jakarta.json.Json.createObjectBuilder(Jwts.payload(tokens.access()))
            .add("iat", now)
            .add("nbf", now)
            .add("exp", now + 600)
            .add("jti", UUID.randomUUID().toString());
    return change.apply(b).build();
  }

  /** Signs with this deployment's own key: a genuine token if header and claims are. */
  public String sign(JsonObject header, JsonObject claims) {
    return signText(header.toString(), claims.toString());
  }

  public String signText(String headerJson, String claimsJson) {
    return jws(own, headerJson, claimsJson);
  }

  @Override
  public void close() {
    db.close();
  }
}
