package io.github.jwtauth.cli;

import io.github.jwtauth.JwtAuthException;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * The admin command line: {@code java -jar jwt-auth-VERSION.jar COMMAND …}, for apps whose users
 * have no container login and for DBAs. It runs where the jar's dependencies sit beside it (as in
 * {@code WEB-INF/lib}); the JDBC driver comes from {@code --driver-jar}.
 *
 * <p>Exit codes: 0 success, 1 failure (database, files, nothing to act on), 2 usage error. Secrets
 * are printed once, to standard output only. Key-pair commands write the audit lines of the web
 * application (through {@link System.Logger}). This class only parses ({@link Args}), dispatches to
 * the command classes and turns failures into messages and exit codes.
 */
public final class Main {
  static final String USAGE =
      """
      Usage: java -jar jwt-auth.jar COMMAND [OPTIONS]

      Commands:
        schema print --dialect h2|postgresql|mariadb|mysql   print the DDL for a DBA
        schema apply DB                                      create the tables if missing
        keypair create DB --user LOGIN --name NAME [--roles r1,r2] [--bcrypt-cost 10]
                          [--expires-in DAYS | --expires-at 2027-01-31|2027-01-31T12:00:00Z]
                                                             create a key-pair; prints api_key and api_secret once
        keypair list DB [--user LOGIN]                       list active key-pairs (never secrets)
        keypair revoke DB API_KEY                            revoke one key-pair and its refresh tokens
        keypair revoke-all DB --user LOGIN                   sign a user out everywhere: revoke all of their
                                                             key-pairs and refresh tokens
        secret generate --alg HS256|HS384|HS512              print a random jwt-auth.secret of the right size
        key generate --alg ES256|RS256 [--out DIR]           write private.pem (PKCS#8) and public.pem

      DB options:
        --jdbc-url URL          e.g. jdbc:postgresql://db:5432/app (required)
        --jdbc-user USER        database user (or in the URL)
        --password-env NAME     read the database password from environment variable NAME
        --driver-jar PATH       JDBC driver jar (repeatable), unless the driver is on the class path

      Options:
        --help                  this text
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final Function<String, String> env;

  Main(PrintStream out, PrintStream err, Function<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(new Main(System.out, System.err, System::getenv).run(args));
  }

  int run(String[] args) {
    try {
      Args a = Args.parse(args);
      if (a.flag("help") || a.positional.isEmpty()) {
        out.print(USAGE);
        return a.flag("help") ? 0 : 2;
      }
      String command =
          a.positional.get(0) + (a.positional.size() > 1 ? " " + a.positional.get(1) : "");
      Database db = new Database(env);
      SchemaCommands schema = new SchemaCommands(out, db);
      KeyPairCommands keyPairs = new KeyPairCommands(out, err, db, System.getProperty("user.name"));
      KeyCommands keys = new KeyCommands(out, err);
      switch (command) {
        case "schema print" -> schema.print(a);
        case "schema apply" -> schema.apply(a);
        case "keypair create" -> keyPairs.create(a);
        case "keypair list" -> keyPairs.list(a);
        case "keypair revoke" -> keyPairs.revoke(a);
        case "keypair revoke-all" -> keyPairs.revokeAll(a);
        case "secret generate" -> keys.secret(a);
        case "key generate" -> keys.key(a);
        default ->
            throw new UsageException("unknown command '" + String.join(" ", a.positional) + "'");
      }
      return 0;
    } catch (UsageException e) {
      err.println("jwt-auth: " + e.getMessage());
      err.println("Run with --help for usage.");
      return 2;
    } catch (CommandFailure e) {
      err.println("jwt-auth: " + e.getMessage());
      return 1;
    } catch (JwtAuthException e) {
      err.println("jwt-auth: " + e.description() + causeOf(e));
      return 1;
    } catch (SQLException e) {
      err.println(
          "jwt-auth: database error: "
              + e.getClass().getSimpleName()
              + " (SQLState "
              + e.getSQLState()
              + ")");
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("jwt-auth: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
  }

  private static String causeOf(JwtAuthException e) {
    if (!(e.getCause() instanceof SQLException s)) {
      return "";
    }
    String state = String.valueOf(s.getSQLState());
    // 42P01 PostgreSQL, 42S02 MySQL/MariaDB, 42S0x/42102 H2: the table does not exist
    String hint =
        state.equals("42P01") || state.startsWith("42S0") || state.equals("42102")
            ? "; the jwt-auth tables are missing: run 'schema apply' first"
            : "";
    return " (" + s.getClass().getSimpleName() + ", SQLState " + state + hint + ")";
  }
}
