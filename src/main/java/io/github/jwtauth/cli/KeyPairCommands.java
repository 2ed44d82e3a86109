package io.github.jwtauth.cli;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.audit.Audit;
import io.github.jwtauth.config.Settings;
import io.github.jwtauth.credential.KeyPairInput;
import io.github.jwtauth.credential.KeyPairService;
import io.github.jwtauth.credential.SecretHasher;
import io.github.jwtauth.store.KeyPair;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code keypair create}, {@code list}, {@code revoke} and {@code revoke-all}, by the rules of
 * {@link KeyPairService} and with its audit lines, except that the command line is not bound by the
 * per-user cap. The actor in the audit trail is {@code cli:} and the operating-system account;
 * there is no client address. Not thread-safe (one per run).
 */
final class KeyPairCommands {
  private final PrintStream out;
  private final PrintStream err;
  private final Database db;
  private final KeyPairService.Actor actor;

  KeyPairCommands(PrintStream out, PrintStream err, Database db, String account) {
    this.out = out;
    this.err = err;
    this.db = db;
    this.actor =
        new KeyPairService.Actor(
            account == null || account.isEmpty() ? "cli" : "cli:" + account, null);
  }

  void create(Args a) throws UsageException, SQLException {
    a.only(Database.OPTIONS, "user", "name", "roles", "bcrypt-cost", "expires-in", "expires-at");
    String user = a.required("user");
    String name = a.required("name").strip();
    if (name.isEmpty() || name.length() > KeyPairInput.MAX_NAME_LENGTH) {
      throw new UsageException(
          "--name must be 1 to " + KeyPairInput.MAX_NAME_LENGTH + " characters");
    }
    if (KeyPairInput.hasControlCharacters(name)) {
      throw new UsageException("--name must not contain control characters");
    }
    if (!KeyPairInput.validLogin(user)) {
      throw new UsageException(
          "--user must be 1 to "
              + KeyPairInput.MAX_LOGIN_LENGTH
              + " characters, without control characters");
    }
    String costUsage =
        "--bcrypt-cost must be a number from "
            + Settings.MIN_BCRYPT_COST
            + " to "
            + Settings.MAX_BCRYPT_COST;
    int cost;
    try {
      cost = Integer.parseInt(a.value("bcrypt-cost", String.valueOf(Settings.DEFAULT_BCRYPT_COST)));
    } catch (NumberFormatException e) {
      throw new UsageException(costUsage);
    }
    if (cost < Settings.MIN_BCRYPT_COST || cost > Settings.MAX_BCRYPT_COST) {
      throw new UsageException(costUsage);
    }
    Set<String> roles = new LinkedHashSet<>();
    for (String r : a.value("roles", "").split(",")) {
      if (!r.isBlank()) {
        roles.add(r.strip());
      }
    }
    Instant expiresAt;
    try {
      expiresAt =
          KeyPairInput.expiry(
              a.value("expires-in", null), a.value("expires-at", null), Instant.now());
    } catch (JwtAuthException e) {
      throw new UsageException(
          e.error() == ErrorCode.KEY_PAIR_EXPIRY_CONFLICT
              ? "give --expires-in or --expires-at, not both"
              : "--expires-in must be whole days from 1 to "
                  + KeyPairInput.MAX_EXPIRY_DAYS
                  + ", --expires-at a future date (2027-01-31, midnight UTC) or instant"
                  + " (2027-01-31T12:00:00Z)");
    }
    KeyPairService.Created created =
        service(a, cost)
            .create(actor, user, name, roles, new KeyPairService.Terms(expiresAt, null));
    out.println("api_key=" + created.keyPair().apiKey());
    out.println("api_secret=" + created.secret());
    if (expiresAt != null) {
      out.println("expires_at=" + expiresAt);
    }
    err.println("jwt-auth: the secret is shown once; store it now.");
  }

  void list(Args a) throws UsageException, SQLException {
    a.only(Database.OPTIONS, "user");
    KeyPairService service = service(a, Settings.DEFAULT_BCRYPT_COST);
    String user = a.value("user", null);
    List<KeyPair> rows = user != null ? service.list(user) : service.listAll();
    out.println("api_key\tuser\tname\tcreated\tlast_used\tlast_ip\texpires_at");
    for (KeyPair kp : rows) {
      out.println(
          kp.apiKey()
              + "\t"
              + kp.userLogin()
              + "\t"
              + kp.name()
              + "\t"
              + Instant.ofEpochSecond(kp.created())
              + "\t"
              + (kp.lastUsed() == null ? "-" : Instant.ofEpochSecond(kp.lastUsed()))
              + "\t"
              + (kp.lastIp() == null ? "-" : kp.lastIp())
              + "\t"
              + (kp.expiresAt() == null ? "-" : Instant.ofEpochSecond(kp.expiresAt())));
    }
  }

  void revoke(Args a) throws UsageException, SQLException, CommandFailure {
    a.only(Database.OPTIONS);
    if (a.positional.size() != 3) {
      throw new UsageException("keypair revoke takes exactly one API_KEY");
    }
    String apiKey = a.positional.get(2);
    KeyPairService service = service(a, Settings.DEFAULT_BCRYPT_COST);
    KeyPair kp = service.findActive(apiKey).orElse(null);
    if (kp == null || !service.revoke(actor, kp.userLogin(), apiKey)) {
      throw new CommandFailure("no active key-pair " + apiKey);
    }
    out.println("revoked " + apiKey);
  }

  void revokeAll(Args a) throws UsageException, SQLException {
    a.only(Database.OPTIONS, "user");
    String user = a.required("user");
    List<String> revoked = service(a, Settings.DEFAULT_BCRYPT_COST).revokeAll(actor, user);
    for (String k : revoked) {
      out.println("revoked " + k);
    }
    out.println(revoked.size() + " key-pair(s) revoked");
  }

  /** The service over the database's store: no per-user cap, nobody to tell of revocations. */
  private KeyPairService service(Args a, int bcryptCost) throws UsageException, SQLException {
    Clock clock = Clock.systemUTC();
    return new KeyPairService(
        db.store(a),
        new SecretHasher(bcryptCost, new SecureRandom()),
        new Audit(clock),
        clock,
        KeyPairService.UNBOUNDED,
        KeyPairService.RevocationListener.NONE);
  }
}
