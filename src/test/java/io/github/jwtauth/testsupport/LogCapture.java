package io.github.jwtauth.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what jwt-auth logs (logger {@code io.github.jwtauth}, through {@code System.Logger} and
 * java.util.logging) while open, e.g. around one deployment. Thread-safe.
 */
public final class LogCapture implements AutoCloseable {
  // strong reference: JUL loggers are weakly held
  private static final Logger LOG = Logger.getLogger("io.github.jwtauth");

  private final List<String> lines = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          String text = r.getMessage();
          Object[] params = r.getParameters();
          if (params != null) {
            text = java.text.MessageFormat.format(text, params);
          }
          synchronized (lines) {
            lines.add(text);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private LogCapture() {
    handler.setLevel(Level.ALL);
    LOG.addHandler(handler);
  }

  /** Starts collecting. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** The messages logged so far, formatted. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The messages that start with prefix. */
  public List<String> linesStartingWith(String prefix) {
    return lines().stream().filter(l -> l.startsWith(prefix)).toList();
  }

  @Override
  public void close() {
    LOG.removeHandler(handler);
  }
}
