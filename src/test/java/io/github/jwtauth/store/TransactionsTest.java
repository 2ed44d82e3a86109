package io.github.jwtauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.testsupport.Databases;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransactionsTest {
  Databases.Db db;

  @BeforeEach
  void open() throws SQLException {
    db = Databases.h2("TransactionsTest");
    try (var c = db.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (v INT)");
    }
  }

  @AfterEach
  void close() {
    db.close();
  }

  static void insert(java.sql.Connection c, int v) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO t (v) VALUES (" + v + ")");
    }
  }

  @Test
  void whenWorkSucceedsThenCommittedAndItsResultReturned() {
    assertEquals(
        "done",
        Transactions.run(
            db::connect,
            "test",
            c -> {
              insert(c, 1);
              return "done";
            }));
    assertEquals(1, db.queryLong("SELECT COUNT(*) FROM t"));
  }

  @Test
  void whenWorkFailsAfterAWriteThenRolledBackAndTheFailurePassesThrough() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Transactions.run(
                    db::connect,
                    "test",
                    c -> {
                      insert(c, 1);
                      throw new IllegalStateException("boom");
                    }));
    assertEquals("boom", e.getMessage());
    assertEquals(0, db.queryLong("SELECT COUNT(*) FROM t"));
  }

  @Test
  void whenDeadlockEveryTimeThenRunFourTimesThenUnavailable() {
    AtomicInteger runs = new AtomicInteger();
    JwtAuthException e =
        assertThrows(
            JwtAuthException.class,
            () ->
                Transactions.run(
                    db::connect,
                    "test",
                    c -> {
                      insert(c, runs.incrementAndGet());
                      throw new SQLException("deadlock", "40001");
                    }));
    assertEquals(ErrorCode.UNAVAILABLE, e.error());
    assertEquals(4, runs.get());
    assertEquals(0, db.queryLong("SELECT COUNT(*) FROM t"), "each attempt rolled back");
  }

  @Test
  void whenDeadlockOnceThenTheSecondRunCommits() {
    AtomicInteger runs = new AtomicInteger();
    assertEquals(
        Integer.valueOf(2),
        Transactions.<Integer>run(
            db::connect,
            "test",
            c -> {
              insert(c, runs.incrementAndGet());
              if (runs.get() == 1) {
                throw new SQLException("serialization failure", "40P01");
              }
              return runs.get();
            }));
    assertEquals(1, db.queryLong("SELECT COUNT(*) FROM t"));
    assertEquals(2, db.queryLong("SELECT MAX(v) FROM t"));
  }

  @Test
  void whenOtherSqlFailureThenUnavailableAtOnce() {
    AtomicInteger runs = new AtomicInteger();
    JwtAuthException e =
        assertThrows(
            JwtAuthException.class,
            () ->
                Transactions.run(
                    db::connect,
                    "test",
                    c -> {
                      runs.incrementAndGet();
                      throw new SQLException("duplicate", "23505");
                    }));
    assertEquals(ErrorCode.UNAVAILABLE, e.error());
    assertEquals(1, runs.get());
  }

  @ParameterizedTest
  @CsvSource({"40001, 1", "40001, 3", "40P01, 2", "40, 1"})
  void whenSqlStateClass40AndAttemptsLeftThenRetryable(String state, int attempt) {
    assertTrue(Transactions.retryable(new SQLException("x", state), attempt));
  }

  @ParameterizedTest
  @CsvSource({"40001, 4", "40001, 5", "23505, 1", "08006, 1", "04001, 1", "4, 1"})
  void whenOtherSqlStateOrNoAttemptsLeftThenNotRetryable(String state, int attempt) {
    assertFalse(Transactions.retryable(new SQLException("x", state), attempt));
  }

  @Test
  void whenNoSqlStateThenNotRetryable() {
    assertFalse(Transactions.retryable(new SQLException("x"), 1));
  }
}
