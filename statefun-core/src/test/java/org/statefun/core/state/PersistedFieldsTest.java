package org.statefun.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.statefun.core.state.PersistedFields.PersistedField;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedAppendingBuffer;
import org.statefun.sdk.state.PersistedTable;
import org.statefun.sdk.state.PersistedValue;

class PersistedFieldsTest {

  private static final FunctionType TYPE = new FunctionType("demo", "fn");
  private static final String PREFIX = "Function type demo/fn: field ";

  abstract static class Fn implements StatefulFunction {
    @Override
    public void invoke(Context context, Object message) {}
  }

  static class Stateless extends Fn {
    private final String notState = "x";
    private int counter;
  }

  static class AllKinds extends Fn {
    @Persisted private final PersistedValue<Long> count = PersistedValue.of("count", Long.class);

    @Persisted
    final PersistedTable<String, Integer> items =
        PersistedTable.of("items", String.class, Integer.class);

    @Persisted
    PersistedAppendingBuffer<String> log = PersistedAppendingBuffer.of("log", String.class);

    private final String other = "not state";
  }

  static class Inheriting extends AllKinds {
    @Persisted final PersistedValue<String> name = PersistedValue.of("name", String.class);
  }

  static class AnnotatedButNotState extends Fn {
    @Persisted private Long total = 0L;
  }

  static class NotAnnotated extends Fn {
    private final PersistedValue<Long> seen = PersistedValue.of("seen", Long.class);
  }

  static class NotAnnotatedTable extends Fn {
    private final PersistedTable<String, String> table =
        PersistedTable.of("t", String.class, String.class);
  }

  static class NotAnnotatedBuffer extends Fn {
    private final PersistedAppendingBuffer<String> buffer =
        PersistedAppendingBuffer.of("b", String.class);
  }

  static class StaticState extends Fn {
    @Persisted static final PersistedValue<Long> SHARED = PersistedValue.of("shared", Long.class);
  }

  static class NullState extends Fn {
    @Persisted private PersistedValue<Long> missing;
  }

  static class DuplicateNames extends Fn {
    @Persisted private final PersistedValue<Long> first = PersistedValue.of("same", Long.class);

    @Persisted
    private final PersistedTable<String, Long> second =
        PersistedTable.of("same", String.class, Long.class);
  }

  static class DuplicateWithSuperclass extends AllKinds {
    @Persisted
    private final PersistedAppendingBuffer<Long> again =
        PersistedAppendingBuffer.of("count", Long.class);
  }

  static class BadSuperclass extends NotAnnotated {
    @Persisted final PersistedValue<String> fine = PersistedValue.of("fine", String.class);
  }

  private static String where(Class<?> type, String field) {
    return type.getName() + "#" + field;
  }

  @Test
  void aFunctionWithoutStateHasNoPersistedFields() {
    assertThat(PersistedFields.of(TYPE, new Stateless())).isEmpty();
  }

  @Test
  void findsValueTableAndBuffer() {
    AllKinds fn = new AllKinds();
    assertThat(PersistedFields.of(TYPE, fn))
        .containsExactlyInAnyOrder(
            new PersistedField(where(AllKinds.class, "count"), "count", fn.count),
            new PersistedField(where(AllKinds.class, "items"), "items", fn.items),
            new PersistedField(where(AllKinds.class, "log"), "log", fn.log));
  }

  @Test
  void findsFieldsDeclaredInSuperclasses() {
    Inheriting fn = new Inheriting();
    AllKinds base = fn;
    List<PersistedField> fields = PersistedFields.of(TYPE, fn);
    assertThat(fields)
        .containsExactlyInAnyOrder(
            new PersistedField(where(Inheriting.class, "name"), "name", fn.name),
            new PersistedField(where(AllKinds.class, "count"), "count", base.count),
            new PersistedField(where(AllKinds.class, "items"), "items", base.items),
            new PersistedField(where(AllKinds.class, "log"), "log", base.log));
    // the state objects are the function's own, not copies
    assertThat(fields)
        .filteredOn(f -> f.stateName().equals("count"))
        .singleElement()
        .extracting(PersistedField::state)
        .isSameAs(base.count);
  }

  @Test
  void rejectsAnAnnotatedFieldOfAnotherType() {
    assertThatThrownBy(() -> PersistedFields.of(TYPE, new AnnotatedButNotState()))
        .isInstanceOf(StateBindingException.class)
        .hasMessage(
            PREFIX
                + where(AnnotatedButNotState.class, "total")
                + " is annotated @Persisted but its type java.lang.Long cannot be persisted;"
                + " declare it as PersistedValue, PersistedTable, PersistedAppendingBuffer or"
                + " PersistedStateRegistry");
  }

  @Test
  void rejectsStateFieldsWithoutTheAnnotation() {
    assertThatThrownBy(() -> PersistedFields.of(TYPE, new NotAnnotated()))
        .isInstanceOf(StateBindingException.class)
        .hasMessage(notAnnotated(NotAnnotated.class, "seen", "PersistedValue"));
    assertThatThrownBy(() -> PersistedFields.of(TYPE, new NotAnnotatedTable()))
        .hasMessage(notAnnotated(NotAnnotatedTable.class, "table", "PersistedTable"));
    assertThatThrownBy(() -> PersistedFields.of(TYPE, new NotAnnotatedBuffer()))
        .hasMessage(notAnnotated(NotAnnotatedBuffer.class, "buffer", "PersistedAppendingBuffer"));
  }

  @Test
  void rejectsProblemsInSuperclasses() {
    assertThatThrownBy(() -> PersistedFields.of(TYPE, new BadSuperclass()))
        .isInstanceOf(StateBindingException.class)
        .hasMessage(notAnnotated(NotAnnotated.class, "seen", "PersistedValue"));
  }

  private static String notAnnotated(Class<?> type, String field, String stateType) {
    return PREFIX
        + where(type, field)
        + " holds a "
        + stateType
        + " but is not annotated @Persisted, so its state would not survive failures;"
        + " annotate it with @Persisted";
  }

  @Test
  void rejectsStaticFields() {
    assertThatThrownBy(() -> PersistedFields.of(TYPE, new StaticState()))
        .isInstanceOf(StateBindingException.class)
        .hasMessage(
            PREFIX
                + where(StaticState.class, "SHARED")
                + " is static; persisted state must be an instance field, one per function object");
  }

  @Test
  void rejectsNullFields() {
    assertThatThrownBy(() -> PersistedFields.of(TYPE, new NullState()))
        .isInstanceOf(StateBindingException.class)
        .hasMessage(
            PREFIX
                + where(NullState.class, "missing")
                + " is annotated @Persisted but is null; initialize it, for example with"
                + " PersistedValue.of(\"name\", Long.class)");
  }

  @Test
  void rejectsDuplicateStateNames() {
    assertThatThrownBy(() -> PersistedFields.of(TYPE, new DuplicateNames()))
        .isInstanceOf(StateBindingException.class)
        .hasMessage(
            "Function type demo/fn: fields "
                + where(DuplicateNames.class, "first")
                + " and "
                + where(DuplicateNames.class, "second")
                + " both use the state name 'same'; state names must be unique within a function");
  }

  @Test
  void rejectsDuplicateStateNamesAcrossTheClassHierarchy() {
    assertThatThrownBy(() -> PersistedFields.of(TYPE, new DuplicateWithSuperclass()))
        .isInstanceOf(StateBindingException.class)
        .hasMessage(
            "Function type demo/fn: fields "
                + where(DuplicateWithSuperclass.class, "again")
                + " and "
                + where(AllKinds.class, "count")
                + " both use the state name 'count'; state names must be unique within a function");
  }
}
