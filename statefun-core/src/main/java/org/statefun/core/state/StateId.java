package org.statefun.core.state;

import java.io.Serializable;
import org.statefun.sdk.FunctionType;

/**
 * Which user state a serializer belongs to, for messages: the function type, the state name the
 * function chose, and the part of the state the serializer handles.
 *
 * @param functionType the function type declaring the state
 * @param stateName the name given to {@code PersistedValue.of(name, …)} and the like
 * @param role what the serializer writes: a value, a table's keys or values, a buffer's elements
 */
public record StateId(FunctionType functionType, String stateName, Role role)
    implements Serializable {

  /** The part of a persisted state one serializer handles. */
  public enum Role {
    VALUE("value", ""),
    TABLE_KEY("key", " (table keys)"),
    TABLE_VALUE("value", " (table values)"),
    BUFFER_ELEMENT("element", "");

    private final String noun;
    private final String qualifier;

    Role(String noun, String qualifier) {
      this.noun = noun;
      this.qualifier = qualifier;
    }

    /** What one item is called: "value", "key" or "element". */
    public String noun() {
      return noun;
    }

    /** The noun with its indefinite article: "a key", "an element". */
    public String oneItem() {
      return (noun.startsWith("e") ? "an " : "a ") + noun;
    }
  }

  /** {@code Function type ns/name, state 'visits'}. */
  public String describe() {
    return "Function type " + functionType + ", state '" + stateName + "'";
  }

  /** {@link #describe()} plus the part of a table, e.g. {@code … state 'carts' (table keys)}. */
  public String describePart() {
    return describe() + role.qualifier;
  }
}
