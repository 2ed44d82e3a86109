package io.github.jwtauth.it.flow;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static io.github.jwtauth.testsupport.Expect.jsonContentType;
import static io.github.jwtauth.testsupport.Expect.noStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import io.github.jwtauth.credential.SecretFormat;
import io.github.jwtauth.store.KeyPair;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.store.Schema;
import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonObject;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Issue 14, items 3 and 4, over HTTP against a real container: leak-detectable secrets at the token
 * endpoint (a bad checksum answers exactly as a wrong secret; secrets of the old format still
 * work), RFC 7009 revocation, RFC 7662 introspection, RFC 8414 and RFC 9728 metadata, and the
 * metadata + token + introspection + revocation flow driven by a third-party OAuth client library
 * (Nimbus OAuth 2.0 SDK). Two deployments share one database: {@code app} with {@code
 * jwt-auth.introspection-role=administrator}, {@code off} without it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OAuthEndpointsContract {
  static final String SECRET = "integration-test-secret-0123456789-abcdefghijklmnop";
  static final String JNDI_NAME = "jdbc/jwtauth";

  Container container;
  Databases.Db db;
  Deployment app;
  Deployment off;
  Api api;

  /** A key-pair of an administrator (holds the introspection role) and of alice (does not). */
  Api.KeyPair resourceServer;

  Api.KeyPair alice;

  abstract Container.Kind containerKind();

  TestWebapp webapp(String name) {
    // Tomcat's preemptive BASIC would check api_key:api_secret against its realm (its default is
    // off, as here): see TokenFlowContract#whenClientCredentialsSentWithHttpBasicThenTokenIssued
    TestWebapp w =
        TestWebapp.named(name)
            .param("jwt-auth.secret", SECRET)
            .param("jwt-auth.schema-create", "true")
            .param("jwt-auth.datasource", JNDI_NAME)
            .jndiDataSource(JNDI_NAME, db)
            .containerPreemptiveBasic(false)
            .lenientAttemptLimits();
    if (containerKind() == Container.Kind.TOMCAT) {
      w.withTomcatDefaultServlet(); // the filter answers /.well-known on a path a servlet serves
    }
    return w;
  }

  @BeforeAll
  void start() {
    db = Databases.h2(getClass().getSimpleName());
    container = containerKind().start();
    app =
        container
            .deploy(webapp("oauth").param("jwt-auth.introspection-role", "administrator"))
            .requireStarted();
    off = container.deploy(webapp("oauth-off")).requireStarted();
    api = new Api(app);
    resourceServer = api.createKeyPair("admin", "resource server");
    alice = api.createKeyPair("alice", "cli");
  }

  @AfterAll
  void stop() {
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

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  URI api(String path) {
    return URI.create(app.baseUri() + Api.BASE_PATH + path);
  }

  Http.Res introspect(Api.KeyPair client, String token) {
    return api.api("/introspect")
        .basic(client.apiKey(), client.apiSecret())
        .form("token", token)
        .post();
  }

  static JsonObject oauthError(Http.Res r, int status, String code, String error) {
    JsonObject b = endpointError(r, status, code);
    assertEquals(error, b.getString("error"), r::toString);
    return b;
  }

  // ------------------------------------------------------------------ leak-detectable secrets

  @Test
  void whenSecretHasBadChecksumThenTheAnswerIsExactlyThatOfAWrongSecret() {
    Api.KeyPair kp = api.createKeyPair("alice", unique("checksum"));
    assertTrue(SecretFormat.isWellFormed(kp.apiSecret()), kp.apiSecret());
    String s = kp.apiSecret();
    char last = s.charAt(s.length() - 1);
    String lookalike = s.substring(0, s.length() - 1) + (last == 'a' ? 'b' : 'a');
    String wrong = SecretFormat.newSecret(new SecureRandom()); // well-formed, not this key-pair's

    Http.Res badChecksum = api.token(kp.apiKey(), lookalike);
    Http.Res wrongSecret = api.token(kp.apiKey(), wrong);

    endpointError(badChecksum, 403, "rest_authentication_invalid_api_key_secret");
    assertEquals(wrongSecret.status(), badChecksum.status());
    assertEquals(wrongSecret.body(), badChecksum.body());
    for (String h :
        List.of(
            "Content-Type",
            "Cache-Control",
            "Pragma",
            "X-Content-Type-Options",
            "WWW-Authenticate",
            "Retry-After",
            "Connection")) {
      assertEquals(wrongSecret.header(h), badChecksum.header(h), h);
    }
    assertEquals(200, api.token(kp.apiKey(), s).status(), "the real secret still works");
  }

  @Test
  void whenKeyPairHasAnOldStyleSecretThenItStillBuysTokens() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    String old = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    String key = unique("legacy").replace("-", "");
    KeyPairStore store = new KeyPairStore(db.dataSource(), new Schema(db.dataSource(), false));
    store.insert(
        new KeyPair(
            key,
            "alice",
            "made before jwtas_",
            BCrypt.hashpw(old, BCrypt.gensalt(10)),
            Set.of("user"),
            System.currentTimeMillis() / 1000,
            null,
            null,
            null));

    Http.Res r = api.token(key, old);
    assertEquals(200, r.status(), r::toString);
    assertEquals(key, r.json().getJsonObject("data").getJsonObject("user").getString("api_key"));
    endpointError(
        api.token(key, old.substring(1) + "A"), 403, "rest_authentication_invalid_api_key_secret");
  }

  // ------------------------------------------------------------------ RFC 8414 / RFC 9728

  @Test
  void whenAuthorizationServerMetadataFetchedThenItListsEveryEndpoint() {
    Http.Res r = api.app("/.well-known/oauth-authorization-server").get();
    assertEquals(200, r.status(), r::toString);
    jsonContentType(r);
    noStore(r);
    String base = app.baseUri() + Api.BASE_PATH;
    JsonObject expected =
        Json.object(
            "{\"issuer\":\"jwt-auth\",\"token_endpoint\":\""
                + base
                + "/token\",\"token_endpoint_auth_methods_supported\":"
                + "[\"client_secret_basic\",\"client_secret_post\"],"
                + "\"grant_types_supported\":[\"client_credentials\",\"refresh_token\"],"
                + "\"response_types_supported\":[],"
                + "\"revocation_endpoint\":\""
                + base
                + "/revoke\",\"revocation_endpoint_auth_methods_supported\":"
                + "[\"client_secret_basic\",\"client_secret_post\",\"none\"],"
                + "\"introspection_endpoint\":\""
                + base
                + "/introspect\",\"introspection_endpoint_auth_methods_supported\":"
                + "[\"client_secret_basic\",\"client_secret_post\"]}");
    assertEquals(expected, r.json());
  }

  @Test
  void whenIntrospectionIsOffThenMetadataLeavesItOutAndTheRouteIs404() {
    Api offApi = new Api(off);
    JsonObject m = offApi.app("/.well-known/oauth-authorization-server").get().json();
    assertFalse(m.containsKey("introspection_endpoint"), m::toString);
    assertFalse(m.containsKey("introspection_endpoint_auth_methods_supported"), m::toString);
    assertTrue(m.containsKey("revocation_endpoint"), m::toString);
    endpointError(
        offApi.api("/introspect").basic("k", "s").form("token", "x").post(), 404, "rest_no_route");
    endpointError(offApi.api("/introspect").options(), 404, "rest_no_route");
  }

  @Test
  void whenProtectedResourceMetadataFetchedThenItNamesTheAppAndItsAuthorizationServer() {
    Http.Res r = api.app("/.well-known/oauth-protected-resource").get();
    assertEquals(200, r.status(), r::toString);
    jsonContentType(r);
    noStore(r);
    assertEquals(
        Json.object(
            "{\"resource\":\""
                + app.baseUri()
                + "\",\"authorization_servers\":[\"jwt-auth\"],"
                + "\"bearer_methods_supported\":[\"header\"]}"),
        r.json());
  }

  @Test
  void whenMetadataFetchedWithABadBearerTokenOrPostedThenTheTokenIsNotLookedAtAndPostIsNotServed() {
    Http.Res r = api.app("/.well-known/oauth-authorization-server").bearer("not-a-jwt").get();
    assertEquals(200, r.status(), r::toString);
    Http.Res post = api.app("/.well-known/oauth-authorization-server").form("a", "b").post();
    assertTrue(post.status() == 404 || post.status() == 405, post::toString);
  }

  // ------------------------------------------------------------------ the flow, by Nimbus

  @Test
  void whenAThirdPartyClientReadsMetadataGetsATokenIntrospectsAndRevokesThenEachStepWorks()
      throws Exception {
    Api.KeyPair cli = api.createKeyPair("alice", unique("nimbus"));
    Http.Res meta = api.app("/.well-known/oauth-authorization-server").get();
    AuthorizationServerMetadata as = AuthorizationServerMetadata.parse(meta.body());
    assertEquals(api("/token"), as.getTokenEndpointURI());
    assertEquals(api("/introspect"), as.getIntrospectionEndpointURI());
    assertEquals(api("/revoke"), as.getRevocationEndpointURI());
    assertTrue(as.getGrantTypes().contains(GrantType.CLIENT_CREDENTIALS));
    assertTrue(as.getGrantTypes().contains(GrantType.REFRESH_TOKEN));
    assertTrue(
        as.getTokenEndpointAuthMethods().contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC));

    // client_credentials at the token endpoint, client_secret_basic
    HTTPResponse tokenHttp =
        new TokenRequest(
                as.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(cli.apiKey()), new Secret(cli.apiSecret())),
                new ClientCredentialsGrant())
            .toHTTPRequest()
            .send();
    TokenResponse tr = TokenResponse.parse(tokenHttp);
    assertTrue(tr.indicatesSuccess(), tokenHttp::getBody);
    AccessTokenResponse ok = tr.toSuccessResponse();
    AccessToken access = ok.getTokens().getAccessToken();
    RefreshToken refresh = ok.getTokens().getRefreshToken();
    assertTrue(access instanceof BearerAccessToken);
    assertEquals(3600, access.getLifetime());

    // the resource server introspects it with its own key-pair, client_secret_post
    TokenIntrospectionResponse ir =
        TokenIntrospectionResponse.parse(
            new TokenIntrospectionRequest(
                    as.getIntrospectionEndpointURI(),
                    new ClientSecretPost(
                        new ClientID(resourceServer.apiKey()),
                        new Secret(resourceServer.apiSecret())),
                    access)
                .toHTTPRequest()
                .send());
    assertTrue(ir.indicatesSuccess());
    TokenIntrospectionSuccessResponse live = ir.toSuccessResponse();
    assertTrue(live.isActive());
    assertEquals("alice", live.getSubject().getValue());
    assertEquals("alice", live.getUsername());
    assertEquals(cli.apiKey(), live.getClientID().getValue());
    assertEquals(Set.of("user"), Set.copyOf(live.getScope().toStringList()));
    assertEquals("jwt-auth", live.getIssuer().getValue());
    long now = System.currentTimeMillis() / 1000;
    long exp = live.getExpirationTime().getTime() / 1000;
    assertTrue(exp > now + 3500 && exp <= now + 3605, () -> "exp " + exp);

    // revoking the refresh token needs no secret (a public client's client_id at most): its
    // chain dies, the access token lives
    HTTPResponse revoked =
        new TokenRevocationRequest(
                as.getRevocationEndpointURI(), new ClientID(cli.apiKey()), refresh)
            .toHTTPRequest()
            .send();
    assertEquals(200, revoked.getStatusCode(), revoked::getBody);
    assertEquals(403, api.refresh(refresh.getValue()).status());
    assertEquals(200, api.me(access.getValue()).status());

    // revoking the access token with its own key-pair's credentials revokes the key-pair
    revoked =
        new TokenRevocationRequest(
                as.getRevocationEndpointURI(),
                new ClientSecretBasic(new ClientID(cli.apiKey()), new Secret(cli.apiSecret())),
                access)
            .toHTTPRequest()
            .send();
    assertEquals(200, revoked.getStatusCode(), revoked::getBody);
    invalidToken(api.me(access.getValue()), "rest_authentication_revoked_api_key");
    TokenIntrospectionSuccessResponse dead =
        TokenIntrospectionResponse.parse(
                new TokenIntrospectionRequest(
                        as.getIntrospectionEndpointURI(),
                        new ClientSecretBasic(
                            new ClientID(resourceServer.apiKey()),
                            new Secret(resourceServer.apiSecret())),
                        access)
                    .toHTTPRequest()
                    .send())
            .toSuccessResponse();
    assertFalse(dead.isActive());
    assertNull(dead.getSubject());
  }

  // ------------------------------------------------------------------ RFC 7662 introspection

  @Test
  void whenIntrospectingAnythingButALiveAccessTokenThenOnlyActiveFalse() {
    Api.Tokens t = api.tokens(api.createKeyPair("alice", unique("inactive")));
    for (String token : List.of("garbage", t.refresh(), t.access() + "x")) {
      Http.Res r = introspect(resourceServer, token);
      assertEquals(200, r.status(), r::toString);
      noStore(r);
      assertEquals(Json.object("{\"active\":false}"), r.json(), token);
    }
    Http.Res live = introspect(resourceServer, t.access());
    JsonObject b = live.json();
    assertEquals(
        Set.of(
            "active",
            "sub",
            "username",
            "client_id",
            "scope",
            "token_type",
            "exp",
            "iat",
            "nbf",
            "iss",
            "jti"),
        b.keySet(),
        live::toString);
    assertEquals("Bearer", b.getString("token_type"));
    assertEquals("user", b.getString("scope"));
  }

  @Test
  void whenIntrospectionCallerIsMissingWrongOrWithoutTheRoleThenRfcErrors() {
    String token = api.tokens(alice).access();
    Http.Res none = api.api("/introspect").form("token", token).post();
    oauthError(none, 401, "rest_authentication_invalid_client", "invalid_client");
    assertEquals("Basic realm=\"jwt-auth\", charset=\"UTF-8\"", none.header("WWW-Authenticate"));

    Http.Res wrong =
        api.api("/introspect")
            .basic(resourceServer.apiKey(), SecretFormat.newSecret(new SecureRandom()))
            .form("token", token)
            .post();
    oauthError(wrong, 401, "rest_authentication_invalid_client", "invalid_client");

    Http.Res lookalike =
        api.api("/introspect")
            .basic(resourceServer.apiKey(), "jwtas_nope")
            .form("token", token)
            .post();
    assertEquals(wrong.body(), lookalike.body());

    oauthError(
        introspect(alice, token),
        403,
        "rest_authentication_unauthorized_client",
        "unauthorized_client");
    // an administrator's key-pair restricted to "user" has no introspection role either
    Http.Res made =
        api.api("/key-pair")
            .basic("admin", Container.PASSWORD)
            .form("name", unique("restricted"), "roles", "user")
            .post();
    assertEquals(201, made.status(), made::toString);
    Api.KeyPair restricted =
        new Api.KeyPair(
            "admin", made.json().getString("api_key"), made.json().getString("api_secret"), null);
    oauthError(
        introspect(restricted, token),
        403,
        "rest_authentication_unauthorized_client",
        "unauthorized_client");
    oauthError(
        api.api("/introspect")
            .basic(resourceServer.apiKey(), resourceServer.apiSecret())
            .form()
            .post(),
        400,
        "rest_authentication_invalid_request",
        "invalid_request");
    oauthError(
        api.api("/introspect?token=" + token)
            .basic(resourceServer.apiKey(), resourceServer.apiSecret())
            .form()
            .post(),
        400,
        "rest_authentication_invalid_request",
        "invalid_request");
  }

  // ------------------------------------------------------------------ RFC 7009 revocation

  @Test
  void whenRefreshTokenRevokedThenItsChainIsDeadAndTheKeyPairLives() {
    Api.KeyPair kp = api.createKeyPair("alice", unique("chain"));
    Api.Tokens t = api.tokens(kp);
    Http.Res r =
        api.api("/revoke").form("token", t.refresh(), "token_type_hint", "refresh_token").post();
    assertEquals(200, r.status(), r::toString);
    noStore(r);
    assertEquals(Json.object("{}"), r.json());
    endpointError(api.refresh(t.refresh()), 403, "rest_authentication_refresh_token_reused");
    assertEquals(200, api.me(t.access()).status(), "access tokens run to their exp");
    assertEquals(200, api.token(kp.apiKey(), kp.apiSecret()).status(), "key-pair still active");
  }

  @Test
  void whenAccessTokenRevokedThenOnlyItsOwnKeyPairMayAndThenEveryTokenOfItDies() {
    Api.KeyPair kp = api.createKeyPair("alice", unique("owner"));
    Api.Tokens t = api.tokens(kp);
    oauthError(
        api.api("/revoke").form("token", t.access()).post(),
        401,
        "rest_authentication_invalid_client",
        "invalid_client");
    Api.KeyPair other = api.createKeyPair("alice", unique("sibling"));
    oauthError(
        api.api("/revoke")
            .basic(other.apiKey(), other.apiSecret())
            .form("token", t.access())
            .post(),
        403,
        "rest_authentication_unauthorized_client",
        "unauthorized_client");
    oauthError(
        api.api("/revoke")
            .basic(other.apiKey(), other.apiSecret())
            .form("token", t.refresh())
            .post(),
        403,
        "rest_authentication_unauthorized_client",
        "unauthorized_client");
    oauthError(
        api.api("/revoke").form("token", t.refresh(), "client_id", other.apiKey()).post(),
        403,
        "rest_authentication_unauthorized_client",
        "unauthorized_client");
    oauthError(
        api.api("/revoke").form("token", t.access(), "client_id", kp.apiKey()).post(),
        401,
        "rest_authentication_invalid_client",
        "invalid_client");
    assertEquals(200, api.me(t.access()).status(), "nothing revoked so far");
    assertEquals(200, api.refresh(t.refresh()).status(), "nor the refresh token");

    Http.Res r =
        api.api("/revoke")
            .form("token", t.access(), "client_id", kp.apiKey(), "client_secret", kp.apiSecret())
            .post();
    assertEquals(200, r.status(), r::toString);
    invalidToken(api.me(t.access()), "rest_authentication_revoked_api_key");
    endpointError(api.refresh(t.refresh()), 403, "rest_authentication_revoked_api_key");
    endpointError(
        api.token(kp.apiKey(), kp.apiSecret()), 403, "rest_authentication_revoked_api_key");
    // revoking it again: the token is no longer valid, and the key-pair no client
    oauthError(
        api.api("/revoke").basic(kp.apiKey(), kp.apiSecret()).form("token", t.access()).post(),
        401,
        "rest_authentication_invalid_client",
        "invalid_client");
    assertEquals(200, api.api("/revoke").form("token", t.access()).post().status());
  }

  @Test
  void whenRevokingSomethingThatIsNoTokenThen200AndMissingTokenIs400() {
    for (String token : List.of("garbage", "a.b.c", "x".repeat(9000))) {
      Http.Res r = api.api("/revoke").form("token", token).post();
      assertEquals(200, r.status(), r::toString);
    }
    oauthError(
        api.api("/revoke").form("token_type_hint", "access_token").post(),
        400,
        "rest_authentication_invalid_request",
        "invalid_request");
    oauthError(
        api.api("/revoke?token=abc").form().post(),
        400,
        "rest_authentication_invalid_request",
        "invalid_request");
    oauthError(
        api.api("/revoke").basic(alice.apiKey(), "wrong").form("token", "garbage").post(),
        401,
        "rest_authentication_invalid_client",
        "invalid_client");
  }

  @Test
  void whenOptionsOnTheNewRoutesThenTheyAreInTheRouteTable() {
    for (String route : List.of("/revoke", "/introspect")) {
      Http.Res r = api.api(route).options();
      assertEquals(200, r.status(), r::toString);
      assertEquals("POST, OPTIONS", r.header("Allow"));
      JsonObject b = r.json();
      assertEquals(Api.BASE_PATH + route, b.getString("route"));
      assertTrue(
          b.getJsonArray("endpoints")
              .getJsonObject(0)
              .getJsonObject("args")
              .getJsonObject("token")
              .getBoolean("required"));
    }
  }
}
