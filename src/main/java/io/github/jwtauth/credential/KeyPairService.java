package io.github.jwtauth.credential;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.audit.Audit;
import io.github.jwtauth.audit.Audit.Event;
import io.github.jwtauth.store.KeyPair;
import io.github.jwtauth.store.KeyPairStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for key-pairs, one set for every way in (the {@code /key-pair} endpoint and the admin
 * command line): a name is required, at most {@value KeyPairInput#MAX_NAME_LENGTH} characters
 * without control characters; a new key-pair gets a fresh {@code api_key} and secret, stored only
 * as its bcrypt hash; a user holds at most the configured number of active key-pairs (the admin
 * command line builds its service {@link #UNBOUNDED}). Every creation and revocation writes its
 * audit line ({@code authn_keypair_created}, {@code authn_token_revoked}, with {@code by=} naming
 * the actor when it is not the user acted on), and revocations are told to a {@link
 * RevocationListener} so that this node refuses the key-pair's tokens at once.
 *
 * <p>A key-pair may expire: at the time its creator asks for ({@code expires_in} days or an {@code
 * expires_at} date or instant), else after the default lifetime, else (when a maximum is set) the
 * maximum, else never; an expiry past the maximum lifetime is refused, as GitLab refuses one. It
 * may be restricted to some of its owner's roles, never to one the owner does not hold.
 *
 * <p>Knows nothing of servlets: plain values in, values or {@link JwtAuthException} out.
 *
 * <p>Thread-safe. Not API.
 */
public final class KeyPairService {
  /** Longest {@code api_key} worth looking up (ours have 24 characters). */
  public static final int MAX_API_KEY_LENGTH = 64;

  /** No cap on a user's active key-pairs (the admin command line). */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  /**
   * How long new key-pairs may live (the admin command line builds its service with {@link
   * #UNLIMITED}).
   *
   * @param max the longest lifetime, or null for no cap
   * @param byDefault the lifetime when none is asked for, or null: the maximum, or never
   */
  public record Lifetimes(Duration max, Duration byDefault) {
    /** No cap and no default: key-pairs never expire unless asked to. */
    public static final Lifetimes UNLIMITED = new Lifetimes(null, null);
  }

  /**
   * What the creator of a key-pair asked for beyond its name.
   *
   * @param expiresAt when it is to expire, or null for the default
   * @param roles the roles it is restricted to, or null for all of its owner's
   */
  public record Terms(Instant expiresAt, Set<String> roles) {
    /** Nothing asked for: the default lifetime, all of the owner's roles. */
    public static final Terms DEFAULT = new Terms(null, null);

    public Terms {
      roles = roles == null ? null : Set.copyOf(roles);
    }
  }

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
  private final Lifetimes lifetimes;

  /** A service whose key-pairs expire only when asked to ({@link Lifetimes#UNLIMITED}). */
  public KeyPairService(
      KeyPairStore store,
      SecretHasher hasher,
      Audit audit,
      Clock clock,
      int maxActivePerUser,
      RevocationListener listener) {
    this(store, hasher, audit, clock, maxActivePerUser, listener, Lifetimes.UNLIMITED);
  }

  /**
   * @param maxActivePerUser active key-pairs a user may hold, or {@link #UNBOUNDED}
   * @param listener told of every revocation
   * @param lifetimes the longest and the default lifetime of a new key-pair
   */
  public KeyPairService(
      KeyPairStore store,
      SecretHasher hasher,
      Audit audit,
      Clock clock,
      int maxActivePerUser,
      RevocationListener listener,
      Lifetimes lifetimes) {
    if (maxActivePerUser < 1) {
      throw new IllegalArgumentException("maxActivePerUser must be at least 1");
    }
    this.store = store;
    this.hasher = hasher;
    this.audit = audit;
    this.clock = clock;
    this.maxActivePerUser = maxActivePerUser;
    this.listener = listener;
    this.lifetimes = lifetimes;
  }

  /**
   * Creates a key-pair for a user that expires by the default lifetime and carries all of the
   * owner's roles.
   *
   * @see #create(Actor, String, String, Set, Terms)
   */
  public Created create(Actor actor, String login, String name, Set<String> roles) {
    return create(actor, login, name, roles, Terms.DEFAULT);
  }

  /**
   * Creates a key-pair for a user.
   *
   * @param name the name as given (stripped here), or null
   * @param roles the roles recorded on it (narrowed to {@code terms.roles()} when restricted)
   * @param terms the expiry and role restriction asked for
   * @throws JwtAuthException {@link ErrorCode#REQUIRED_NAME} or {@link ErrorCode#INVALID_REQUEST}
   *     for a bad name, {@link ErrorCode#INVALID_USER} for a bad login, {@link
   *     ErrorCode#TOO_MANY_KEY_PAIRS} when the user is at the cap, {@link
   *     ErrorCode#KEY_PAIR_EXPIRY_TOO_LONG} for an expiry past the maximum lifetime, {@link
   *     ErrorCode#INVALID_KEY_PAIR_EXPIRY} for one not in the future
   */
  public Created create(Actor actor, String login, String name, Set<String> roles, Terms terms) {
    String n = KeyPairInput.name(name);
    if (!KeyPairInput.validLogin(login)) {
      throw new JwtAuthException(ErrorCode.INVALID_USER);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = expiresAt(terms.expiresAt(), now);
    Set<String> recorded = roles;
    if (terms.roles() != null) {
      recorded = new LinkedHashSet<>(roles);
      recorded.retainAll(terms.roles());
    }
    String apiKey = hasher.newApiKey();
    String secret = hasher.newSecret();
    KeyPair kp =
        new KeyPair(
            apiKey,
            login,
            n,
            hasher.hash(secret),
            recorded,
            now.getEpochSecond(),
            null,
            null,
            null,
            expiresAt == null ? null : expiresAt.getEpochSecond(),
            terms.roles());
    store.insert(kp, maxActivePerUser);
    audit.logDetails(
        Event.AUTHN_KEYPAIR_CREATED,
        login,
        login,
        apiKey,
        actor.address(),
        new String[] {
          "by",
          by(actor, login),
          "expires",
          expiresAt == null ? null : expiresAt.toString(),
          "roles",
          terms.roles() == null ? null : String.join(",", terms.roles())
        });
    return new Created(kp, secret);
  }

  /** The expiry of a new key-pair: as asked (within the maximum), else by the lifetimes. */
  private Instant expiresAt(Instant asked, Instant now) {
    Instant latest = lifetimes.max() == null ? null : now.plus(lifetimes.max());
    if (asked == null) {
      Duration d = lifetimes.byDefault() != null ? lifetimes.byDefault() : lifetimes.max();
      return d == null ? null : now.plus(d);
    }
    if (!asked.isAfter(now)) {
      throw new JwtAuthException(ErrorCode.INVALID_KEY_PAIR_EXPIRY);
    }
    if (latest != null && asked.isAfter(latest)) {
      throw new JwtAuthException(ErrorCode.KEY_PAIR_EXPIRY_TOO_LONG);
    }
    return asked;
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
