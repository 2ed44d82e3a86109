package io.github.jwtauth.cli;

import io.github.jwtauth.store.Schema;
import java.io.PrintStream;
import java.sql.SQLException;

/** {@code schema print} and {@code schema apply}. Not thread-safe (one per run). */
final class SchemaCommands {
  private final PrintStream out;
  private final Database db;

  SchemaCommands(PrintStream out, Database db) {
    this.out = out;
    this.db = db;
  }

  /** Prints the DDL of a dialect, for a DBA. */
  void print(Args a) throws UsageException {
    a.only("dialect");
    String dialect = a.required("dialect");
    try {
      out.print(Schema.ddl(Schema.Dialect.of(dialect)));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Creates the tables if missing. */
  void apply(Args a) throws UsageException, SQLException {
    a.only(Database.OPTIONS);
    new Schema(db.dataSource(a), true).ensure();
    out.println("jwt-auth: schema ready");
  }
}
