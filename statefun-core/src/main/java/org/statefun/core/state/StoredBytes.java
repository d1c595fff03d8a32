package org.statefun.core.state;

import java.util.Arrays;

/**
 * A state value kept as the bytes it was stored as, because its class can no longer read them. Only
 * states the job does not register hold these (a registered one fails with the evolution message
 * first); they are written back unchanged at the next snapshot.
 */
final class StoredBytes {
  private final byte[] bytes;

  StoredBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredBytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "StoredBytes[" + bytes.length + " bytes]";
  }
}
