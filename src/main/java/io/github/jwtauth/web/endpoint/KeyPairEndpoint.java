package io.github.jwtauth.web.endpoint;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.audit.Audit;
import io.github.jwtauth.audit.Audit.Event;
import io.github.jwtauth.credential.KeyPairInput;
import io.github.jwtauth.credential.KeyPairService;
import io.github.jwtauth.json.Json;
import io.github.jwtauth.store.KeyPair;
import io.github.jwtauth.store.User;
import io.github.jwtauth.store.UserDirectory;
import io.github.jwtauth.web.ClientAddress;
import io.github.jwtauth.web.ContainerLogin;
import io.github.jwtauth.web.Csrf;
import io.github.jwtauth.web.JsonResponses;
import io.github.jwtauth.web.RequestParams;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /key-pair}: list, create and revoke key-pairs, by the rules of {@link KeyPairService}, on
 * our routes and on the WordPress plugin's ({@code /key-pair/{user_id}}, {@code …/revoke-all},
 * {@code …/{api_key}/revoke}, with its answers; which is which: {@link KeyPairRoute}). Only a user
 * logged in by the container may call them, never a Bearer-token identity (only people who can log
 * in create key-pairs); when nobody is logged in, the container is asked to authenticate, and an
 * administrator may act for another user named by {@code ?user=login} or the plugin's path (both:
 * {@link ContainerLogin}). Browser requests that change state must pass the CSRF check of {@link
 * Csrf}.
 *
 * <p>Thread-safe.
 */
public final class KeyPairEndpoint {
  private final KeyPairService keyPairs;
  private final UserDirectory users;
  private final ContainerLogin login;
  private final Csrf csrf;
  private final Audit audit;
  private final ClientAddress clientAddress;
  private final List<String> roleCandidates;
  private final int maxBodySize;
  private final Clock clock;

  /**
   * @param users the user directory: when external, it gives the roles of key-pairs an
   *     administrator creates for others
   * @param roleCandidates the container roles recorded on a caller's own key-pair when the
   *     container confirms them
   * @param maxBodySize the largest request body read
   * @param clock the time against which a new key-pair's {@code expires_in} counts
   */
  public KeyPairEndpoint(
      KeyPairService keyPairs,
      UserDirectory users,
      ContainerLogin login,
      Csrf csrf,
      Audit audit,
      ClientAddress clientAddress,
      List<String> roleCandidates,
      int maxBodySize,
      Clock clock) {
    this.keyPairs = keyPairs;
    this.users = users;
    this.login = login;
    this.csrf = csrf;
    this.audit = audit;
    this.clientAddress = clientAddress;
    this.roleCandidates = List.copyOf(roleCandidates);
    this.maxBodySize = maxBodySize;
    this.clock = clock;
  }

  /**
   * @param rest what follows {@code /key-pair}: empty or segments (see {@link KeyPairRoute})
   */
  public void handle(HttpServletRequest req, HttpServletResponse res, String rest)
      throws IOException {
    String caller = login.caller(req, res);
    if (caller == null) {
      return; // the container has answered with its challenge
    }
    String method = req.getMethod();
    if (method.equals("POST") || method.equals("DELETE")) {
      try {
        csrf.check(req);
      } catch (JwtAuthException e) {
        audit.log(Event.AUTHZ_FAIL, caller, caller, null, clientAddress.of(req), "check=csrf");
        throw e;
      }
    }
    KeyPairRoute route = KeyPairRoute.of(method, rest);
    if (route == null) {
      throw new JwtAuthException(ErrorCode.NO_ROUTE);
    }
    String user = target(req, caller, route);
    KeyPairService.Actor actor = new KeyPairService.Actor(caller, clientAddress.of(req));
    switch (route.action()) {
      case LIST, USER_LIST -> list(res, user);
      case CREATE -> create(req, res, actor, user, false);
      case USER_CREATE -> create(req, res, actor, user, true);
      case REVOKE_ALL -> revoke(res, actor, user, null);
      case REVOKE -> revoke(res, actor, user, route.apiKey());
        // the plugin's answers: the number revoked; true, or false for an unknown key
      case USER_REVOKE_ALL ->
          JsonResponses.writeValue(res, 200, Json.value(keyPairs.revokeAll(actor, user).size()));
      case USER_REVOKE ->
          JsonResponses.writeValue(
              res,
              200,
              keyPairs.revoke(actor, user, route.apiKey()) ? JsonValue.TRUE : JsonValue.FALSE);
    }
  }

  /**
   * The user acted on: on our routes the caller or {@code ?user=}; on the plugin's, the login in
   * the path, and {@code ?user=} there too is refused rather than guessed between.
   */
  private String target(HttpServletRequest req, String caller, KeyPairRoute route) {
    if (!route.plugin()) {
      return login.target(req, caller);
    }
    if (RequestParams.query(req.getQueryString()).get("user") != null) {
      throw new JwtAuthException(
          ErrorCode.INVALID_REQUEST,
          "The user is named in the path; ?user= is not accepted on this route.");
    }
    return login.target(req, caller, route.user());
  }

  private void list(HttpServletResponse res, String user) throws IOException {
    JsonArrayBuilder rows = Json.array();
    for (KeyPair kp : keyPairs.list(user)) {
      rows.add(row(kp));
    }
    JsonResponses.write(res, 200, rows.build());
  }

  /**
   * @param plugin answer as the plugin did: 200 {@code {api_secret, row}}; otherwise 201 {@code
   *     {api_key, api_secret, row}}
   */
  private void create(
      HttpServletRequest req,
      HttpServletResponse res,
      KeyPairService.Actor actor,
      String user,
      boolean plugin)
      throws IOException {
    RequestParams p = RequestParams.from(req, maxBodySize);
    String name = KeyPairInput.name(p.get("name"));
    Set<String> recorded = rolesFor(req, actor.login(), user);
    KeyPairService.Terms terms =
        new KeyPairService.Terms(
            KeyPairInput.expiry(p.get("expires_in"), p.get("expires_at"), clock.instant()),
            KeyPairInput.roleLimit(p.get("roles"), held(user, recorded)));
    KeyPairService.Created created = keyPairs.create(actor, user, name, recorded, terms);
    if (plugin) {
      JsonResponses.write(
          res,
          200,
          Json.object()
              .add("api_secret", created.secret())
              .add("row", row(created.keyPair()))
              .build());
      return;
    }
    JsonObject body =
        Json.object()
            .add("api_key", created.keyPair().apiKey())
            .add("api_secret", created.secret())
            .add("row", row(created.keyPair()))
            .build();
    JsonResponses.write(res, 201, body);
  }

  private void revoke(
      HttpServletResponse res, KeyPairService.Actor actor, String user, String apiKey)
      throws IOException {
    List<String> revoked;
    if (apiKey != null) {
      if (!keyPairs.revoke(actor, user, apiKey)) {
        throw new JwtAuthException(ErrorCode.KEY_PAIR_NOT_FOUND);
      }
      revoked = List.of(apiKey);
    } else {
      revoked = keyPairs.revokeAll(actor, user);
    }
    JsonArrayBuilder list = Json.array();
    revoked.forEach(list::add);
    JsonResponses.write(res, 200, Json.object().add("revoked", list).build());
  }

  /**
   * Roles recorded on a new key-pair: for the caller's own, the candidates the container confirms
   * with {@code isUserInRole}. For another user (an administrator acting) the container can confirm
   * nothing: with a user directory none (its {@code roles-sql} decides at use); without one, those
   * of the user's newest active key-pair, which the container confirmed for that user and which
   * already buy tokens, or none for a user without one.
   */
  private Set<String> rolesFor(HttpServletRequest req, String caller, String user) {
    Set<String> roles = new LinkedHashSet<>();
    if (user.equals(caller)) {
      for (String r : roleCandidates) {
        if (req.isUserInRole(r)) {
          roles.add(r);
        }
      }
      return roles;
    }
    if (users.isExternal()) {
      return roles; // the directory's roles-sql decides at use
    }
    List<KeyPair> existing = keyPairs.list(user);
    if (!existing.isEmpty()) {
      roles.addAll(existing.get(0).roles());
    }
    return roles;
  }

  /**
   * The roles a key-pair of {@code user} may be restricted to: those its tokens would carry without
   * a restriction (the directory's current roles when it has {@code roles-sql}, else the roles
   * recorded at creation).
   */
  public Set<String> heldRoles(HttpServletRequest req, String caller, String user) {
    return held(user, rolesFor(req, caller, user));
  }

  private Set<String> held(String user, Set<String> recorded) {
    return users.find(user, recorded).map(User::roles).orElse(Set.of());
  }

  private static JsonObject row(KeyPair kp) {
    var b =
        Json.object()
            .add("name", kp.name())
            .add("api_key", kp.apiKey())
            .add("created", kp.created());
    Json.addScalar(b, "last_used", kp.lastUsed());
    Json.addScalar(b, "last_ip", kp.lastIp());
    Json.addScalar(b, "expires_at", kp.expiresAt());
    if (kp.roleLimit() == null) {
      b.addNull("roles");
    } else {
      JsonArrayBuilder roles = Json.array();
      kp.roleLimit().stream().sorted().forEach(roles::add);
      b.add("roles", roles);
    }
    return b.build();
  }
}
