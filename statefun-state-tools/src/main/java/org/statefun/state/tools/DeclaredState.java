package org.statefun.state.tools;

import org.statefun.sdk.state.PersistedAppendingBuffer;
import org.statefun.sdk.state.PersistedTable;
import org.statefun.sdk.state.PersistedValue;

/**
 * One persisted state a function type declares.
 *
 * @param name the state name the function chose
 * @param kind value, table or buffer
 * @param keyClass a table's key class; null otherwise
 * @param valueClass a value's class, a table's value class or a buffer's element class
 */
public record DeclaredState(String name, Kind kind, Class<?> keyClass, Class<?> valueClass) {

  /** What a state holds, and the JSON field that carries it. */
  public enum Kind {
    VALUE("value"),
    TABLE("table"),
    BUFFER("buffer");

    private final String field;

    Kind(String field) {
      this.field = field;
    }

    /** The JSON field of a state line: "value", "table" or "buffer". */
    public String field() {
      return field;
    }
  }

  /** The declaration of a persisted field's state object; null for a registry. */
  static DeclaredState of(Object state) {
    if (state instanceof PersistedValue<?> v) {
      return new DeclaredState(v.name(), Kind.VALUE, null, v.type());
    } else if (state instanceof PersistedTable<?, ?> t) {
      return new DeclaredState(t.name(), Kind.TABLE, t.keyType(), t.valueType());
    } else if (state instanceof PersistedAppendingBuffer<?> b) {
      return new DeclaredState(b.name(), Kind.BUFFER, null, b.elementType());
    }
    return null;
  }

  /** "an Integer value", "a table of String to Long", "a buffer of String". */
  public String describe() {
    return switch (kind) {
      case VALUE -> "a value of " + valueClass.getName();
      case TABLE -> "a table of " + keyClass.getName() + " to " + valueClass.getName();
      case BUFFER -> "a buffer of " + valueClass.getName();
    };
  }
}
