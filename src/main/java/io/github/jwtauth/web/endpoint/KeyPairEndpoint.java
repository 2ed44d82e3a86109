package io.github.jwtauth.web.endpoint;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.JwtAuthFilter;
import io.github.jwtauth.audit.Audit.Event;
import io.github.jwtauth.core.JwtAuthCore;
import io.github.jwtauth.json.Json;
import io.github.jwtauth.store.KeyPair;
import io.github.jwtauth.store.User;
import io.github.jwtauth.web.ClientAddress;
import io.github.jwtauth.web.Csrf;
import io.github.jwtauth.web.JsonResponses;
import io.github.jwtauth.web.RequestParams;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /key-pair}: list, create and revoke key-pairs. Only a user logged in by the container may
 * call it, never a Bearer-token identity (only people who can log in create key-pairs). When nobody
 * is logged in, the container is asked to authenticate ({@code HttpServletRequest#authenticate}),
 * so its own challenge (BASIC, FORM) applies without a security-constraint. An administrator may
 * act for another user with {@code ?user=login}. Browser requests that change state must pass the
 * CSRF check of {@link Csrf}.
 *
 * <p>Thread-safe.
 */
public final class KeyPairEndpoint {
  private static final int MAX_NAME_LENGTH = 200;
  private static final int MAX_LOGIN_LENGTH = 255;
  private static final int MAX_API_KEY_LENGTH = 64;

  private final JwtAuthCore core;
  private final ClientAddress clientAddress;

  public KeyPairEndpoint(JwtAuthCore core, ClientAddress clientAddress) {
    this.core = core;
    this.clientAddress = clientAddress;
  }

  /**
   * @param rest what follows {@code /key-pair}: empty, or {@code /{api_key}}
   */
  public void handle(HttpServletRequest req, HttpServletResponse res, String rest)
      throws IOException {
    String caller = containerUser(req, res);
    if (caller == null) {
      return; // the container has answered with its challenge
    }
    String method = req.getMethod();
    if (method.equals("POST") || method.equals("DELETE")) {
      try {
        Csrf.check(req);
      } catch (JwtAuthException e) {
        core.audit()
            .log(Event.AUTHZ_FAIL, caller, caller, null, clientAddress.of(req), "check=csrf");
        throw e;
      }
    }
    String apiKey = rest.isEmpty() ? null : rest.substring(1);
    if (apiKey != null && (apiKey.isEmpty() || apiKey.contains("/") || !method.equals("DELETE"))) {
      throw new JwtAuthException(ErrorCode.NO_ROUTE);
    }
    String login = targetUser(req, caller);
    switch (method) {
      case "GET" -> list(res, login);
      case "POST" -> create(req, res, caller, login);
      case "DELETE" -> revoke(req, res, caller, login, apiKey);
      default -> throw new JwtAuthException(ErrorCode.NO_ROUTE);
    }
  }

  private void list(HttpServletResponse res, String login) throws IOException {
    JsonArrayBuilder rows = Json.array();
    for (KeyPair kp : core.keyPairs().listActive(login)) {
      rows.add(row(kp));
    }
    JsonResponses.write(res, 200, rows.build());
  }

  private void create(HttpServletRequest req, HttpServletResponse res, String caller, String login)
      throws IOException {
    RequestParams p = RequestParams.from(req, core.settings().maxBodySize());
    String name = p.get("name") == null ? "" : p.get("name").strip();
    if (name.isEmpty()) {
      throw new JwtAuthException(ErrorCode.REQUIRED_NAME);
    }
    if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new JwtAuthException(
          ErrorCode.INVALID_REQUEST,
          "The key-pair name must be at most "
              + MAX_NAME_LENGTH
              + " characters, without control characters.");
    }
    Set<String> roles = rolesFor(req, caller, login);
    String apiKey = core.hasher().newApiKey();
    String secret = core.hasher().newSecret();
    KeyPair kp =
        new KeyPair(
            apiKey,
            login,
            name,
            core.hasher().hash(secret),
            roles,
            core.clock().instant().getEpochSecond(),
            null,
            null,
            null);
    core.keyPairs().insert(kp, core.settings().maxKeyPairsPerUser());
    core.audit()
        .log(
            Event.AUTHN_KEYPAIR_CREATED,
            login,
            login,
            apiKey,
            clientAddress.of(req),
            "by",
            by(caller, login));
    JsonObject body =
        Json.object().add("api_key", apiKey).add("api_secret", secret).add("row", row(kp)).build();
    JsonResponses.write(res, 201, body);
  }

  private void revoke(
      HttpServletRequest req, HttpServletResponse res, String caller, String login, String apiKey)
      throws IOException {
    List<String> keys;
    if (apiKey != null) {
      keys = apiKey.length() <= MAX_API_KEY_LENGTH ? List.of(apiKey) : List.of();
    } else {
      keys = core.keyPairs().listActive(login).stream().map(KeyPair::apiKey).toList();
    }
    List<String> revoked =
        keys.isEmpty()
            ? List.of()
            : core.keyPairs().revoke(login, keys, core.clock().instant().getEpochSecond());
    if (apiKey != null && revoked.isEmpty()) {
      throw new JwtAuthException(ErrorCode.KEY_PAIR_NOT_FOUND);
    }
    core.authenticator().revoked(revoked);
    for (String k : revoked) {
      core.audit()
          .log(
              Event.AUTHN_TOKEN_REVOKED,
              login,
              login,
              k,
              clientAddress.of(req),
              "by",
              by(caller, login));
    }
    JsonArrayBuilder list = Json.array();
    revoked.forEach(list::add);
    JsonResponses.write(res, 200, Json.object().add("revoked", list).build());
  }

  /**
   * Roles recorded on a new key-pair: for the caller's own, the candidates the container confirms
   * with {@code isUserInRole}; for another user (an administrator acting), those of the user's
   * directory entry or of the user's newest key-pair.
   */
  private Set<String> rolesFor(HttpServletRequest req, String caller, String login) {
    Set<String> roles = new LinkedHashSet<>();
    if (login.equals(caller)) {
      for (String r : core.settings().roleCandidates()) {
        if (req.isUserInRole(r)) {
          roles.add(r);
        }
      }
      return roles;
    }
    if (core.users().isExternal()) {
      return roles; // the directory's roles-sql decides at use
    }
    List<KeyPair> existing = core.keyPairs().listActive(login);
    if (!existing.isEmpty()) {
      roles.addAll(existing.get(0).roles());
    }
    return roles;
  }

  /** The user acted on: the caller, or {@code ?user=} for an administrator. */
  String targetUser(HttpServletRequest req, String caller) {
    String requested = RequestParams.query(req.getQueryString()).get("user");
    if (requested == null || requested.isEmpty() || requested.equals(caller)) {
      return caller;
    }
    if (!req.isUserInRole(core.settings().adminRole())) {
      core.audit()
          .log(
              Event.AUTHZ_FAIL,
              caller,
              caller,
              null,
              clientAddress.of(req),
              "target_user",
              requested);
      throw new JwtAuthException(ErrorCode.EDIT_USER);
    }
    if (requested.length() > MAX_LOGIN_LENGTH || !userExists(requested)) {
      throw new JwtAuthException(ErrorCode.INVALID_USER);
    }
    return requested;
  }

  private boolean userExists(String login) {
    if (core.users().isExternal()) {
      Optional<User> u = core.users().find(login, Set.of());
      return u.isPresent();
    }
    return core.keyPairs().hasUser(login);
  }

  /** The container-authenticated user, or null once the container has sent its challenge. */
  static String containerUser(HttpServletRequest req, HttpServletResponse res) throws IOException {
    if (req.getAttribute(JwtAuthFilter.AUTHENTICATION_ATTRIBUTE) != null) {
      throw new JwtAuthException(ErrorCode.NOT_LOGGED_IN);
    }
    Principal p;
    try {
      p = req.getUserPrincipal();
    } catch (IllegalStateException e) {
      // Jetty 12 without a security-constraint: a deferred login through getUserPrincipal() cannot
      // renew the id of an existing session (it has no response for the cookie) and throws;
      // authenticate(res) below logs in with the real response.
      p = null;
    }
    if (p == null) {
      try {
        if (!req.authenticate(res)) {
          return null;
        }
      } catch (ServletException | IllegalStateException e) {
        throw new JwtAuthException(ErrorCode.NOT_LOGGED_IN);
      }
      p = req.getUserPrincipal();
      if (p == null) {
        throw new JwtAuthException(ErrorCode.NOT_LOGGED_IN);
      }
    }
    if (p.getName() == null || p.getName().isEmpty() || p.getName().length() > MAX_LOGIN_LENGTH) {
      throw new JwtAuthException(ErrorCode.NOT_LOGGED_IN);
    }
    return p.getName();
  }

  private static JsonObject row(KeyPair kp) {
    var b =
        Json.object()
            .add("name", kp.name())
            .add("api_key", kp.apiKey())
            .add("created", kp.created());
    Json.addScalar(b, "last_used", kp.lastUsed());
    Json.addScalar(b, "last_ip", kp.lastIp());
    return b.build();
  }

  /** Who acted, when an administrator acted for another user. */
  private static String by(String caller, String login) {
    return caller.equals(login) ? null : caller;
  }
}
