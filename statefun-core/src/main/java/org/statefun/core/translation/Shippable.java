package org.statefun.core.translation;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/** Checks that what the job ships to its workers can be serialized, before Flink tries. */
final class Shippable {
  private Shippable() {}

  static void require(Object value, String what) {
    try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new TranslationException(
          what
              + " ("
              + value.getClass().getName()
              + ") cannot be shipped to the workers: "
              + e
              + ". Functions providers, routers, sources and sinks travel with the job, so they"
              + " must be Serializable (lambdas are, when everything they capture is).",
          e);
    }
  }
}
