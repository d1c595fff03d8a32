package org.statefun.state.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.statefun.core.state.PersistedFields;
import org.statefun.core.universe.Universe;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.StatefulFunctionProvider;

/**
 * The persisted state each function type of a universe declares, found as the runtime finds it: a
 * function object from the type's provider and its {@code @Persisted} fields. Types of namespaces
 * bound as a whole ({@code namespace/*}) are known only when asked for by name.
 */
public final class DeclaredStates {

  private final Universe universe;
  private final Map<FunctionType, List<DeclaredState>> states = new LinkedHashMap<>();

  private DeclaredStates(Universe universe) {
    this.universe = universe;
  }

  /** The declared states of every function type the universe binds by name. */
  public static DeclaredStates of(Universe universe) {
    DeclaredStates declared = new DeclaredStates(universe);
    universe.functions().forEach((type, provider) -> declared.add(type, provider));
    return declared;
  }

  private void add(FunctionType type, StatefulFunctionProvider provider) {
    StatefulFunction function = provider.functionOfType(type);
    List<DeclaredState> list = new ArrayList<>();
    for (PersistedFields.PersistedField field : PersistedFields.of(type, function)) {
      DeclaredState state = DeclaredState.of(field.state());
      if (state != null) {
        list.add(state);
      }
    }
    states.put(type, List.copyOf(list));
  }

  /**
   * The function type {@code text} (namespace/name) names, if the modules bind it (by name or by
   * its namespace).
   */
  public Optional<FunctionType> type(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    FunctionType type = new FunctionType(text.substring(0, slash), text.substring(slash + 1));
    if (!states.containsKey(type)) {
      StatefulFunctionProvider provider = universe.namespaces().get(type.namespace());
      if (provider == null) {
        return Optional.empty();
      }
      add(type, provider);
    }
    return Optional.of(type);
  }

  /** The types known so far, with their declared states, in binding order. */
  public Map<FunctionType, List<DeclaredState>> all() {
    return states;
  }

  /** The state {@code name} of {@code type}, if declared. */
  public Optional<DeclaredState> state(FunctionType type, String name) {
    return states.getOrDefault(type, List.of()).stream()
        .filter(s -> s.name().equals(name))
        .findFirst();
  }

  /** The provider of every known type, for the job that reads or writes their state. */
  public Map<FunctionType, StatefulFunctionProvider> providers() {
    Map<FunctionType, StatefulFunctionProvider> providers = new LinkedHashMap<>();
    for (FunctionType type : states.keySet()) {
      StatefulFunctionProvider provider = universe.functions().get(type);
      providers.put(
          type, provider != null ? provider : universe.namespaces().get(type.namespace()));
    }
    return providers;
  }

  /** "a/b, c/d" — the known types, sorted, for messages. */
  public String typeList() {
    TreeSet<String> names = new TreeSet<>();
    states.keySet().forEach(t -> names.add(t.toString()));
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  /** "'a', 'b'" — the states of {@code type}, for messages. */
  public String stateList(FunctionType type) {
    List<String> names =
        states.getOrDefault(type, List.of()).stream().map(s -> "'" + s.name() + "'").toList();
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
