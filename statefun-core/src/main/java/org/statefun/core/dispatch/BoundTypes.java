package org.statefun.core.dispatch;

import java.io.Serializable;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.stream.Stream;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;

/**
 * The function types the universe binds: checks message targets against them, with errors that say
 * what is bound.
 *
 * <p>Not thread-safe once in use: each task has its own copy, deserialized with its operator.
 */
public final class BoundTypes implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Set<FunctionType> functionTypes;
  private final Set<String> namespaces;

  /**
   * Instances already checked, bounded: code that creates a FunctionType per message falls back to
   * the set lookups once this is full.
   */
  private static final int MAX_REMEMBERED = 1024;

  private transient IdentityHashMap<FunctionType, Boolean> answers;

  public BoundTypes(Set<FunctionType> functionTypes) {
    this(functionTypes, Set.of());
  }

  /**
   * @param functionTypes the types bound one by one
   * @param namespaces the namespaces bound as a whole ({@code namespace/*})
   */
  public BoundTypes(Set<FunctionType> functionTypes, Set<String> namespaces) {
    this.functionTypes = new HashSet<>(functionTypes);
    this.namespaces = new HashSet<>(namespaces);
  }

  public boolean isBound(FunctionType type) {
    // Every message is checked, and a job uses few FunctionType instances (constants, the type
    // table's): remembering the answer per instance skips hashing and comparing the names.
    IdentityHashMap<FunctionType, Boolean> known = answers();
    Boolean answer = known.get(type);
    if (answer == null) {
      answer = functionTypes.contains(type) || namespaces.contains(type.namespace());
      if (known.size() < MAX_REMEMBERED) {
        known.put(type, answer);
      }
    }
    return answer;
  }

  private IdentityHashMap<FunctionType, Boolean> answers() {
    if (answers == null) {
      answers = new IdentityHashMap<>();
    }
    return answers;
  }

  /**
   * The error for a message to an unbound type.
   *
   * @param from describes the sender for the message, e.g. "Function a/b/1" or "Router of ingress
   *     x/y"
   */
  public MessageDeliveryException unbound(String from, Address to) {
    return new MessageDeliveryException(
        from
            + " sent a message to "
            + to
            + ", but no function type "
            + to.type()
            + " is bound. Bound function types: "
            + Stream.concat(
                    functionTypes.stream().map(FunctionType::toString),
                    namespaces.stream().map(namespace -> namespace + "/*"))
                .sorted()
                .toList());
  }
}
