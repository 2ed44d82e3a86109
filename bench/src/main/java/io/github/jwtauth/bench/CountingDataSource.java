package io.github.jwtauth.bench;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Counts database round trips ({@code getConnection} calls: every jwt-auth store operation opens
 * one) separately for request threads and for the status cache's background renewal thread ({@value
 * Fixtures#REFRESHER_THREAD}), then delegates.
 *
 * <p>Thread-safe.
 */
public final class CountingDataSource implements DataSource {
  private final DataSource delegate;
  private final LongAdder requestThreads = new LongAdder();
  private final LongAdder background = new LongAdder();

  public CountingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /** Connections opened by any thread but the background renewal thread. */
  public long requestThreadConnections() {
    return requestThreads.sum();
  }

  /** Connections opened by the background renewal thread. */
  public long backgroundConnections() {
    return background.sum();
  }

  private void count() {
    if (Thread.currentThread().getName().startsWith(Fixtures.REFRESHER_THREAD)) {
      background.increment();
    } else {
      requestThreads.increment();
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    count();
    return delegate.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    count();
    return delegate.getConnection(username, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
