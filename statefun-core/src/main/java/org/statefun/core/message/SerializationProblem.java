package org.statefun.core.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns a serializer's exception into one line a user can act on: which field of the value could
 * not be written or read back, and why. Kryo reports the path as a "Serialization trace" of {@code
 * field (Class)} lines, innermost first; this reads it into {@code outer.inner}.
 */
public final class SerializationProblem {
  private SerializationProblem() {}

  private static final String TRACE = "Serialization trace:";

  /**
   * Describes {@code error}, thrown while serializing (or deserializing a copy of) a value, e.g.
   * {@code "field 'inner.callback': Unable to find class: Foo$$Lambda/0x… (lambdas and anonymous
   * classes cannot be serialized)"}.
   */
  public static String describe(Throwable error) {
    Throwable kryo = find(error);
    String message = kryo.getMessage() == null ? kryo.toString() : kryo.getMessage();
    List<String> path = new ArrayList<>();
    int trace = message.indexOf(TRACE);
    if (trace >= 0) {
      for (String line : message.substring(trace + TRACE.length()).split("\n")) {
        String field = line.strip();
        int paren = field.indexOf(" (");
        if (!field.isEmpty()) {
          path.add(paren > 0 ? field.substring(0, paren) : field);
        }
      }
      message = message.substring(0, trace).strip();
    }
    Collections.reverse(path);
    String reason = firstLine(message);
    if (reason.contains("$$Lambda") || reason.contains("$Lambda")) {
      reason += " (lambdas cannot be serialized; use a record or a class)";
    } else if (reason.contains("InaccessibleObjectException")) {
      reason += " (a JDK class that is not data, such as a thread, stream or socket)";
    }
    return (path.isEmpty() ? "" : "field '" + String.join(".", path) + "': ") + reason;
  }

  /** The Kryo exception in {@code error}'s causes (it holds the trace), else {@code error}. */
  private static Throwable find(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getClass().getName().endsWith("KryoException")) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return error;
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline).strip();
  }
}
