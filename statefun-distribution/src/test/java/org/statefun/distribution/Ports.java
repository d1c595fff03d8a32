package org.statefun.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free local ports for tests that start servers (never the default 8081 others may use). */
public final class Ports {
  private Ports() {}

  /** A port nobody listens on right now. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
