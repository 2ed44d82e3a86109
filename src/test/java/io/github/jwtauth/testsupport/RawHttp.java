package io.github.jwtauth.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP/1.1 request over a plain socket, for requests {@link Http}'s client cannot send or whose
 * answer may come before the request is fully written (e.g. a 1 MB header the server refuses
 * half-way). The request is written by a second thread while this one reads, so an early answer is
 * seen even if the server then resets the connection. Stateless, thread-safe.
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * What came back: the status ({@code -1} if the connection ended without a status line), the raw
   * text received, whether writing the request failed (the server closed early), and how long the
   * exchange took.
   */
  public record Answer(int status, String raw, boolean writeFailed, Duration elapsed) {
    /** The body after the blank line, or "". */
    public String body() {
      int i = raw.indexOf("\r\n\r\n");
      return i < 0 ? "" : raw.substring(i + 4);
    }

    @Override
    public String toString() {
      return "status "
          + status
          + " after "
          + elapsed.toMillis()
          + " ms (write failed: "
          + writeFailed
          + ")\n"
          + Json.abbreviate(raw);
    }
  }

  /**
   * Sends {@code GET path} to base's host and port with the given extra header lines (each {@code
   * "Name: value"}), {@code Connection: close}, and reads until the server closes or the timeout
   * passes.
   */
  public static Answer get(URI base, String path, Duration timeout, String... headerLines) {
    StringBuilder req =
        new StringBuilder("GET ")
            .append(path)
            .append(" HTTP/1.1\r\n")
            .append("Host: ")
            .append(base.getHost())
            .append(':')
            .append(base.getPort())
            .append("\r\n");
    for (String h : headerLines) {
      req.append(h).append("\r\n");
    }
    req.append("Connection: close\r\n\r\n");
    byte[] bytes = req.toString().getBytes(StandardCharsets.ISO_8859_1);
    long start = System.nanoTime();
    AtomicBoolean writeFailed = new AtomicBoolean();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      Thread writer =
          new Thread(
              () -> {
                try {
                  OutputStream out = s.getOutputStream();
                  for (int off = 0; off < bytes.length; off += 16 * 1024) {
                    out.write(bytes, off, Math.min(16 * 1024, bytes.length - off));
                  }
                  out.flush();
                } catch (IOException e) {
                  writeFailed.set(true);
                }
              },
              "raw-http-writer");
      writer.setDaemon(true);
      writer.start();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          received.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError(
            "no complete answer within "
                + timeout
                + "; received so far: "
                + Json.abbreviate(received.toString(StandardCharsets.ISO_8859_1)),
            e);
      } catch (IOException e) {
        // connection reset after (or instead of) an answer: judge what arrived
      }
      writer.join(timeout.toMillis());
    } catch (IOException e) {
      throw new AssertionError("cannot connect to " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    String raw = received.toString(StandardCharsets.ISO_8859_1);
    int status = -1;
    if (raw.startsWith("HTTP/1.") && raw.length() >= 12) {
      try {
        status = Integer.parseInt(raw.substring(9, 12));
      } catch (NumberFormatException e) {
        status = -1;
      }
    }
    return new Answer(status, raw, writeFailed.get(), Duration.ofNanos(System.nanoTime() - start));
  }
}
