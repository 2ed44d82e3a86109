package io.github.jwtauth.credential;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.audit.Audit;
import io.github.jwtauth.audit.Audit.Event;
import io.github.jwtauth.store.KeyPair;
import io.github.jwtauth.store.KeyPairStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for key-pairs, one set for every way in (the {@code /key-pair} endpoint and the admin
 * command line): a name is required, at most {@value #MAX_NAME_LENGTH} characters without control
 * characters; a new key-pair gets a fresh {@code api_key} and secret, stored only as its bcrypt
 * hash; a user holds at most the configured number of active key-pairs (the admin command line
 * builds its service {@link #UNBOUNDED}). Every creation and revocation writes its audit line
 * ({@code authn_keypair_created}, {@code authn_token_revoked}, with {@code by=} naming the actor
 * when it is not the user acted on), and revocations are told to a {@link RevocationListener} so
 * that this node refuses the key-pair's tokens at once.
 *
 * <p>Knows nothing of servlets: plain values in, values or {@link JwtAuthException} out.
 *
 * <p>Thread-safe. Not API.
 */
public final class KeyPairService {
  /** Longest key-pair name, in characters. */
  public static final int MAX_NAME_LENGTH = 200;

  /** Longest user login, in characters. */
  public static final int MAX_LOGIN_LENGTH = 255;

  /** Longest {@code api_key} worth looking up (ours have 24 characters). */
  public static final int MAX_API_KEY_LENGTH = 64;

  /** No cap on a user's active key-pairs (the admin command line). */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  /** Told which key-pairs were revoked, e.g. to refuse their tokens on this node at once. */
  @FunctionalInterface
  public interface RevocationListener {
    /** Nobody to tell (the admin command line). */
    RevocationListener NONE = apiKeys -> {};

    void revoked(List<String> apiKeys);
  }

  /**
   * Who acts.
   *
   * @param login the actor's login, written as {@code by=} when it is not the user acted on
   * @param address the client address for the audit trail, or null when there is none
   */
  public record Actor(String login, String address) {}

  /**
   * A new key-pair with its secret, which exists nowhere else: show it once.
   *
   * @param keyPair the stored key-pair (with the secret's hash)
   * @param secret the {@code api_secret}
   */
  public record Created(KeyPair keyPair, String secret) {
    @Override
    public String toString() {
      return "Created[" + keyPair + "]"; // never the secret
    }
  }

  private final KeyPairStore store;
  private final SecretHasher hasher;
  private final Audit audit;
  private final Clock clock;
  private final int maxActivePerUser;
  private final RevocationListener listener;

  /**
   * @param maxActivePerUser active key-pairs a user may hold, or {@link #UNBOUNDED}
   * @param listener told of every revocation
   */
  public KeyPairService(
      KeyPairStore store,
      SecretHasher hasher,
      Audit audit,
      Clock clock,
      int maxActivePerUser,
      RevocationListener listener) {
    if (maxActivePerUser < 1) {
      throw new IllegalArgumentException("maxActivePerUser must be at least 1");
    }
    this.store = store;
    this.hasher = hasher;
    this.audit = audit;
    this.clock = clock;
    this.maxActivePerUser = maxActivePerUser;
    this.listener = listener;
  }

  /** Whether a name, already stripped, is one a key-pair may have. */
  public static boolean validName(String name) {
    return !name.isEmpty() && name.length() <= MAX_NAME_LENGTH && !hasControlCharacters(name);
  }

  /**
   * Whether a login is one a key-pair may belong to: 1 to {@value #MAX_LOGIN_LENGTH} characters,
   * without control characters. The one rule for every way a login arrives: the container's
   * principal, an administrator's {@code ?user=} or path segment, the admin command line.
   */
  public static boolean validLogin(String login) {
    return login != null
        && !login.isEmpty()
        && login.length() <= MAX_LOGIN_LENGTH
        && !hasControlCharacters(login);
  }

  /** Whether text holds a C0 control character or DEL. */
  public static boolean hasControlCharacters(String text) {
    return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }

  /**
   * A key-pair name as given, checked and stripped.
   *
   * @param name the name as given, or null
   * @throws JwtAuthException {@link ErrorCode#REQUIRED_NAME} when it is missing or blank, {@link
   *     ErrorCode#INVALID_REQUEST} when it is too long or holds control characters
   */
  public static String name(String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty()) {
      throw new JwtAuthException(ErrorCode.REQUIRED_NAME);
    }
    if (!validName(n)) {
      throw new JwtAuthException(
          ErrorCode.INVALID_REQUEST,
          "The key-pair name must be at most "
              + MAX_NAME_LENGTH
              + " characters, without control characters.");
    }
    return n;
  }

  /**
   * Creates a key-pair for a user.
   *
   * @param name the name as given (stripped here), or null
   * @param roles the roles recorded on it
   * @throws JwtAuthException {@link ErrorCode#REQUIRED_NAME} or {@link ErrorCode#INVALID_REQUEST}
   *     for a bad name, {@link ErrorCode#INVALID_USER} for a bad login, {@link
   *     ErrorCode#TOO_MANY_KEY_PAIRS} when the user is at the cap
   */
  public Created create(Actor actor, String login, String name, Set<String> roles) {
    String n = name(name);
    if (!validLogin(login)) {
      throw new JwtAuthException(ErrorCode.INVALID_USER);
    }
    String apiKey = hasher.newApiKey();
    String secret = hasher.newSecret();
    KeyPair kp =
        new KeyPair(
            apiKey,
            login,
            n,
            hasher.hash(secret),
            roles,
            clock.instant().getEpochSecond(),
            null,
            null,
            null);
    store.insert(kp, maxActivePerUser);
    audit.log(
        Event.AUTHN_KEYPAIR_CREATED, login, login, apiKey, actor.address(), "by", by(actor, login));
    return new Created(kp, secret);
  }

  /** A user's active key-pairs, newest first. */
  public List<KeyPair> list(String login) {
    return store.listActive(login);
  }

  /** Every active key-pair, newest first. */
  public List<KeyPair> listAll() {
    return store.listAllActive();
  }

  /** The active key-pair with this {@code api_key}. */
  public Optional<KeyPair> findActive(String apiKey) {
    if (apiKey == null || apiKey.length() > MAX_API_KEY_LENGTH) {
      return Optional.empty();
    }
    return store.find(apiKey).filter(kp -> !kp.revoked());
  }

  /**
   * Revokes one of a user's active key-pairs and its refresh tokens.
   *
   * @return whether it was revoked (false: no such active key-pair of that user)
   */
  public boolean revoke(Actor actor, String login, String apiKey) {
    if (apiKey == null || apiKey.isEmpty() || apiKey.length() > MAX_API_KEY_LENGTH) {
      return false;
    }
    return !revoked(actor, login, List.of(apiKey)).isEmpty();
  }

  /**
   * Revokes all of a user's active key-pairs and their refresh tokens.
   *
   * @return the {@code api_key}s revoked
   */
  public List<String> revokeAll(Actor actor, String login) {
    List<String> keys = store.listActive(login).stream().map(KeyPair::apiKey).toList();
    return keys.isEmpty() ? List.of() : revoked(actor, login, keys);
  }

  private List<String> revoked(Actor actor, String login, List<String> keys) {
    List<String> revoked = store.revoke(login, keys, clock.instant().getEpochSecond());
    if (revoked.isEmpty()) {
      return revoked;
    }
    listener.revoked(revoked);
    for (String k : revoked) {
      audit.log(
          Event.AUTHN_TOKEN_REVOKED, login, login, k, actor.address(), "by", by(actor, login));
    }
    return revoked;
  }

  /** Who acted, when the actor is not the user acted on. */
  private static String by(Actor actor, String login) {
    return login.equals(actor.login()) ? null : actor.login();
  }
}
