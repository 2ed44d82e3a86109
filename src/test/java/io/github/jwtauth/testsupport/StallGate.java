package io.github.jwtauth.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder that can be stalled: while stalled it still accepts connections (the TCP
 * handshake succeeds, as with a database that is alive but stuck), but no byte moves in either
 * direction until {@link #resume()}; then everything held back is delivered. Complements the
 * harness's {@link io.github.jwtauth.testsupport.TcpProxy}, which cuts connections; chain the two
 * to have both. Thread-safe.
 */
public final class StallGate implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private boolean stalled;

  public StallGate(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    try {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Databases.freePort()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Thread t = new Thread(this::acceptLoop, "stall-gate-" + port());
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Holds every byte from now on (idempotent). */
  public void stall() {
    synchronized (lock) {
      stalled = true;
    }
  }

  /** Lets bytes flow again, held ones first (idempotent). */
  public void resume() {
    synchronized (lock) {
      stalled = false;
      lock.notifyAll();
    }
  }

  @Override
  public void close() {
    resume();
    try {
      server.close();
    } catch (IOException e) {
      // ignore
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // ignore
      }
    }
  }

  private void awaitFlow() throws InterruptedException {
    synchronized (lock) {
      while (stalled) {
        lock.wait();
      }
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                awaitFlow();
                int n;
                while ((n = in.read(buf)) >= 0) {
                  awaitFlow();
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // connection cut
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "stall-gate-pump-" + port());
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // ignore
    }
  }
}
