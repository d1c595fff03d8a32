package org.statefun.core.message;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.statefun.sdk.FunctionType;

/**
 * The function types of a job, numbered. On the network, envelopes name their types by number
 * instead of two strings each; both ends of an edge come from the same job graph, so they agree.
 * Types missing from the table (none in a running job, but possible in restored data) still travel
 * by name. State and the feedback log use {@link #NONE}, so what they hold never depends on which
 * types a job binds.
 */
public final class FunctionTypeTable implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final FunctionTypeTable NONE = new FunctionTypeTable(List.of());

  private final List<FunctionType> types;
  private transient Map<FunctionType, Integer> indices;

  public FunctionTypeTable(List<FunctionType> types) {
    this.types = List.copyOf(types);
  }

  /** The number of {@code type}, or -1. */
  int indexOf(FunctionType type) {
    if (indices == null) {
      Map<FunctionType, Integer> map = new HashMap<>();
      for (int i = 0; i < types.size(); i++) {
        map.put(types.get(i), i);
      }
      indices = map;
    }
    Integer index = indices.get(type);
    return index == null ? -1 : index;
  }

  FunctionType get(int index) {
    return types.get(index);
  }

  List<FunctionType> types() {
    return types;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FunctionTypeTable other && types.equals(other.types);
  }

  @Override
  public int hashCode() {
    return types.hashCode();
  }

  @Override
  public String toString() {
    return "FunctionTypeTable" + types;
  }
}
