package org.statefun.sdk.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The persisted state kinds before the runtime binds them (in memory), and how they bind. */
class PersistedStateTest {

  @Test
  void valueInMemory() {
    PersistedValue<Integer> value = PersistedValue.of("visits", Integer.class);
    assertThat(value.name()).isEqualTo("visits");
    assertThat(value.type()).isEqualTo(Integer.class);
    assertThat(value).hasToString("PersistedValue{visits: java.lang.Integer}");
    assertThat(value.get()).isNull();
    assertThat(value.getOrDefault(-1)).isEqualTo(-1);

    value.set(5);
    assertThat(value.get()).isEqualTo(5);
    assertThat(value.getOrDefault(-1)).isEqualTo(5);

    value.set(null);
    assertThat(value.get()).isNull();
    assertThat(value.getOrDefault(-1)).isEqualTo(-1);

    assertThat(value.updateAndGet(v -> v == null ? 1 : v + 1)).isEqualTo(1);
    assertThat(value.updateAndGet(v -> v == null ? 1 : v + 1)).isEqualTo(2);
    assertThat(value.get()).isEqualTo(2);
    assertThat(value.updateAndGet(v -> null)).isNull();
    assertThat(value.get()).isNull();

    value.set(9);
    value.clear();
    assertThat(value.get()).isNull();
  }

  @Test
  void tableInMemory() {
    PersistedTable<String, Integer> table = PersistedTable.of("items", String.class, Integer.class);
    assertThat(table.name()).isEqualTo("items");
    assertThat(table.keyType()).isEqualTo(String.class);
    assertThat(table.valueType()).isEqualTo(Integer.class);
    assertThat(table).hasToString("PersistedTable{items: java.lang.String -> java.lang.Integer}");
    assertThat(table.get("a")).isNull();
    assertThat(table.entries()).isEmpty();

    table.set("a", 1);
    table.set("b", 2);
    table.set("c", 3);
    table.set("a", 10);
    assertThat(table.get("a")).isEqualTo(10);
    assertThat(table.keys()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(table.values()).containsExactlyInAnyOrder(10, 2, 3);
    assertThat(table.entries())
        .containsExactlyInAnyOrder(Map.entry("a", 10), Map.entry("b", 2), Map.entry("c", 3));

    table.set("b", null);
    table.remove("c");
    table.remove("never-there");
    assertThat(table.get("b")).isNull();
    assertThat(table.entries()).containsExactly(Map.entry("a", 10));

    table.clear();
    assertThat(table.keys()).isEmpty();
    assertThat(table.get("a")).isNull();
  }

  @Test
  void bufferInMemory() {
    PersistedAppendingBuffer<String> buffer = PersistedAppendingBuffer.of("log", String.class);
    assertThat(buffer.name()).isEqualTo("log");
    assertThat(buffer.elementType()).isEqualTo(String.class);
    assertThat(buffer).hasToString("PersistedAppendingBuffer{log: java.lang.String}");
    assertThat(buffer.view()).isEmpty();

    buffer.append("c");
    buffer.append("a");
    buffer.appendAll(List.of("b", "a"));
    buffer.appendAll(List.of());
    assertThat(buffer.view()).containsExactly("c", "a", "b", "a");

    Iterable<String> before = buffer.view();
    buffer.append("z");
    assertThat(before).as("a view is a snapshot").containsExactly("c", "a", "b", "a");

    buffer.replaceWith(List.of("x", "y"));
    assertThat(buffer.view()).containsExactly("x", "y");
    buffer.replaceWith(List.of());
    assertThat(buffer.view()).isEmpty();

    buffer.append("q");
    buffer.clear();
    assertThat(buffer.view()).isEmpty();

    assertThatThrownBy(() -> buffer.append(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("element");
  }

  /** Records the calls the state objects make once bound. */
  private static final class Calls {
    final List<String> log = new ArrayList<>();

    <T> Consumer<T> record(String what) {
      return arg -> log.add(what + "(" + arg + ")");
    }
  }

  @Test
  void boundValueGoesThroughItsAccessorAndSetNullClears() {
    Calls calls = new Calls();
    PersistedValue<String> value = PersistedValue.of("v", String.class);
    value.set("in memory");
    StateBinding.bind(
        value,
        new PersistedValue.Accessor<>() {
          @Override
          public String get() {
            calls.log.add("get");
            return "stored";
          }

          @Override
          public void set(String v) {
            calls.record("set").accept(v);
          }

          @Override
          public void clear() {
            calls.log.add("clear");
          }
        });
    assertThat(value.get()).isEqualTo("stored");
    value.set("x");
    value.set(null);
    assertThat(value.updateAndGet(v -> v + "!")).isEqualTo("stored!");
    value.clear();
    assertThat(calls.log).containsExactly("get", "set(x)", "clear", "get", "set(stored!)", "clear");
  }

  @Test
  void boundTableSetNullRemoves() {
    Calls calls = new Calls();
    PersistedTable<String, Integer> table = PersistedTable.of("t", String.class, Integer.class);
    StateBinding.bind(
        table,
        new PersistedTable.Accessor<>() {
          @Override
          public Integer get(String key) {
            calls.log.add("get(" + key + ")");
            return 1;
          }

          @Override
          public void set(String key, Integer value) {
            calls.log.add("set(" + key + "," + value + ")");
          }

          @Override
          public void remove(String key) {
            calls.record("remove").accept(key);
          }

          @Override
          public Iterable<Map.Entry<String, Integer>> entries() {
            return List.of(Map.entry("k", 1));
          }

          @Override
          public Iterable<String> keys() {
            return List.of("k");
          }

          @Override
          public Iterable<Integer> values() {
            return List.of(1);
          }

          @Override
          public void clear() {
            calls.log.add("clear");
          }
        });
    assertThat(table.get("k")).isEqualTo(1);
    table.set("k", 2);
    table.set("k", null);
    table.remove("j");
    table.clear();
    assertThat(table.keys()).containsExactly("k");
    assertThat(calls.log).containsExactly("get(k)", "set(k,2)", "remove(k)", "remove(j)", "clear");
  }

  @Test
  void boundBufferReplaceWithEmptyClearsAndAppendAllEmptyDoesNothing() {
    Calls calls = new Calls();
    PersistedAppendingBuffer<String> buffer = PersistedAppendingBuffer.of("b", String.class);
    StateBinding.bind(
        buffer,
        new PersistedAppendingBuffer.Accessor<>() {
          @Override
          public void append(String element) {
            calls.record("append").accept(element);
          }

          @Override
          public void appendAll(List<String> elements) {
            calls.record("appendAll").accept(elements);
          }

          @Override
          public void replaceWith(List<String> elements) {
            calls.record("replaceWith").accept(elements);
          }

          @Override
          public Iterable<String> view() {
            return List.of("v");
          }

          @Override
          public void clear() {
            calls.log.add("clear");
          }
        });
    buffer.append("a");
    buffer.appendAll(List.of());
    buffer.appendAll(List.of("b", "c"));
    buffer.replaceWith(List.of("d"));
    buffer.replaceWith(List.of());
    assertThat(buffer.view()).containsExactly("v");
    assertThat(calls.log)
        .containsExactly("append(a)", "appendAll([b, c])", "replaceWith([d])", "clear");
  }

  @Test
  void bindingRequiresAnAccessor() {
    assertThatThrownBy(() -> StateBinding.bind(PersistedValue.of("v", String.class), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("accessor");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "count", "snake_case", "kebab-case", "v2", "Größe"})
  void acceptsSimpleStateNames(String name) {
    assertThat(PersistedValue.of(name, Long.class).name()).isEqualTo(name);
    assertThat(PersistedTable.of(name, Long.class, Long.class).name()).isEqualTo(name);
    assertThat(PersistedAppendingBuffer.of(name, Long.class).name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.b", "with space", "a/b", "x:y", "tab\t"})
  void rejectsStateNamesWithOtherCharacters(String name) {
    String message =
        "Invalid persisted state name '" + name + "': use letters, digits, '_' and '-' only";
    assertThatThrownBy(() -> PersistedValue.of(name, Long.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> PersistedTable.of(name, Long.class, Long.class)).hasMessage(message);
    assertThatThrownBy(() -> PersistedAppendingBuffer.of(name, Long.class)).hasMessage(message);
  }

  @Test
  void rejectsEmptyStateNames() {
    String message = "A persisted state name must not be empty";
    assertThatThrownBy(() -> PersistedValue.of("", Long.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> PersistedTable.of(null, Long.class, Long.class)).hasMessage(message);
    assertThatThrownBy(() -> PersistedAppendingBuffer.of("", Long.class)).hasMessage(message);
  }

  @Test
  void rejectsMissingTypes() {
    assertThatThrownBy(() -> PersistedValue.of("v", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("type");
    assertThatThrownBy(() -> PersistedTable.of("t", String.class, null)).hasMessage("valueType");
    assertThatThrownBy(() -> PersistedAppendingBuffer.of("b", null)).hasMessage("elementType");
  }
}
