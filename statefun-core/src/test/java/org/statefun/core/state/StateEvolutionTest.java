package org.statefun.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.statefun.core.state.Holders.BufferHolder;
import org.statefun.core.state.Holders.Stateless;
import org.statefun.core.state.Holders.TableHolder;
import org.statefun.core.state.Holders.ValueHolder;
import org.statefun.core.state.StateHarness.Backend;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;

/**
 * A state written with one version of its class and restored with another, on each backend: what
 * the evolution rules allow restores, everything else fails registration with one message naming
 * the function type, the state, the class and what changed. Each version is compiled at test time
 * and loaded by its own class loader, as a redeployed job would load it.
 */
class StateEvolutionTest {

  static final FunctionType TYPE = new FunctionType("test", "evolving");

  static final String PROFILE =
      "package evolving; public record Profile(String name, int level) {}";
  static final String PROFILE_RENAMED =
      "package evolving; public record Profile(String nickname, int level) {}";
  static final String PROFILE_RETYPED =
      "package evolving; public record Profile(String name, long level) {}";
  static final String PROFILE_GAINED =
      "package evolving; public record Profile(String name, int level, String team) {}";

  static final String SETTINGS =
      """
      package evolving;
      public class Settings {
        public String theme;
        public int size;
        public Settings() {}
        public Settings(String theme, int size) { this.theme = theme; this.size = size; }
        @Override public String toString() { return theme + "/" + size; }
      }
      """;
  static final String SETTINGS_LOST =
      """
      package evolving;
      public class Settings {
        public String theme;
        public Settings() {}
        @Override public String toString() { return theme; }
      }
      """;

  /** The POJO without its no-arg constructor: Flink would now write it with Kryo. */
  static final String SETTINGS_NOT_A_POJO =
      """
      package evolving;
      public class Settings {
        public String theme;
        public int size;
        public Settings(String theme, int size) { this.theme = theme; this.size = size; }
        @Override public String toString() { return theme + "/" + size; }
      }
      """;

  /** No no-arg constructor: Flink writes it with Kryo. */
  static final String LEGACY =
      """
      package evolving;
      public final class Legacy {
        private final int a;
        public Legacy(int a) { this.a = a; }
        @Override public String toString() { return "Legacy" + a; }
      }
      """;

  static final String LEGACY_GAINED =
      """
      package evolving;
      public final class Legacy {
        private final int a;
        private final long b;
        public Legacy(int a) { this.a = a; this.b = 0; }
        @Override public String toString() { return "Legacy" + a + "/" + b; }
      }
      """;

  static final String ORDER = "package evolving; public record Order(String id, Item item) {}";
  static final String ITEM = "package evolving; public record Item(String sku, int quantity) {}";
  static final String ITEM_LOST = "package evolving; public record Item(String sku) {}";

  static final String KEY = "package evolving; public record Key(String user) {}";
  static final String KEY_GAINED =
      "package evolving; public record Key(String user, String region) {}";

  @TempDir Path dir;
  private int versions;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anUnchangedClassRestoresAsItWas(Backend backend) throws Exception {
    ClassLoader before = compile(PROFILE);
    OperatorSubtaskState savepoint = writeValue(backend, before, "evolving.Profile", "ada", 3);

    ClassLoader after = compile(PROFILE);
    assertThat(readValue(backend, after, "evolving.Profile", savepoint))
        .isEqualTo("Profile[name=ada, level=3]");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aRecordThatGainedAFieldRestoresWithTheFieldsDefault(Backend backend) throws Exception {
    OperatorSubtaskState savepoint =
        writeValue(backend, compile(PROFILE), "evolving.Profile", "ada", 3);

    ClassLoader after = compile(PROFILE_GAINED);
    Class<?> profile = CompiledClasses.load(after, "evolving.Profile");
    OperatorSubtaskState migrated;
    try (StateHarness harness =
        open(backend, after, new ValueHolder("profile", profile), savepoint)) {
      assertThat(harness.apply("k", value(v -> v.get())).toString())
          .isEqualTo("Profile[name=ada, level=3, team=null]");
      harness.apply("k2", value(v -> set(v, newInstance(profile, "bob", 4, "blue"))));
      migrated = harness.checkpoint();
    }
    // The restored values now live in the new form: a second restore reads both.
    try (StateHarness harness =
        open(backend, after, new ValueHolder("profile", profile), migrated)) {
      assertThat(harness.apply("k", value(v -> v.get())).toString())
          .isEqualTo("Profile[name=ada, level=3, team=null]");
      assertThat(harness.apply("k2", value(v -> v.get())).toString())
          .isEqualTo("Profile[name=bob, level=4, team=blue]");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aRenamedRecordFieldFailsNamingTheLostField(Backend backend) throws Exception {
    OperatorSubtaskState savepoint =
        writeValue(backend, compile(PROFILE), "evolving.Profile", "ada", 3);

    assertRestoreOfValueFails(
        backend,
        compile(PROFILE_RENAMED),
        "evolving.Profile",
        savepoint,
        "Function type test/evolving, state 'profile' cannot be restored: class evolving.Profile"
            + " lost field 'name' (java.lang.String) and gained field 'nickname'"
            + " (java.lang.String). A removed or renamed field would restore as its default,"
            + " silently dropping the stored values: put the field back with its old name and type"
            + " (it may stay unused) and move its value to the new field in code.");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aRenamedFieldFailsAfterACheckpointToo(Backend backend) throws Exception {
    OperatorSubtaskState checkpoint;
    ClassLoader before = compile(PROFILE);
    Class<?> profile = CompiledClasses.load(before, "evolving.Profile");
    try (StateHarness harness = open(backend, before, new ValueHolder("profile", profile), null)) {
      harness.apply("k", value(v -> set(v, newInstance(profile, "ada", 3))));
      checkpoint = harness.checkpoint();
    }

    assertRestoreOfValueFails(
        backend,
        compile(PROFILE_RENAMED),
        "evolving.Profile",
        checkpoint,
        "Function type test/evolving, state 'profile' cannot be restored: class evolving.Profile"
            + " lost field 'name' (java.lang.String) and gained field 'nickname'"
            + " (java.lang.String). A removed or renamed field would restore as its default,"
            + " silently dropping the stored values: put the field back with its old name and type"
            + " (it may stay unused) and move its value to the new field in code.");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aPojoThatLostAFieldFails(Backend backend) throws Exception {
    OperatorSubtaskState savepoint =
        writeValue(backend, compile(SETTINGS), "evolving.Settings", "dark", 12);

    assertRestoreOfValueFails(
        backend,
        compile(SETTINGS_LOST),
        "evolving.Settings",
        savepoint,
        "Function type test/evolving, state 'profile' cannot be restored: class evolving.Settings"
            + " lost field 'size' (int). A removed or renamed field would restore as its default,"
            + " silently dropping the stored values: put the field back with its old name and type"
            + " (it may stay unused) and move its value to the new field in code.");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aPojoThatLostItsPojoFormFails(Backend backend) throws Exception {
    OperatorSubtaskState savepoint =
        writeValue(backend, compile(SETTINGS), "evolving.Settings", "dark", 12);

    assertRestoreOfValueFails(
        backend,
        compile(SETTINGS_NOT_A_POJO),
        "evolving.Settings",
        savepoint,
        "Function type test/evolving, state 'profile' cannot be restored: class evolving.Settings"
            + " was stored as a POJO and would now be stored with Kryo. Flink stores a class as a"
            + " POJO only when it has a public no-arg constructor and public fields or getters and"
            + " setters (records always qualify), and otherwise with Kryo; the two forms cannot be"
            + " converted: restore the class as it was.");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aFieldWhoseTypeChangedFailsNamingBothTypes(Backend backend) throws Exception {
    OperatorSubtaskState savepoint =
        writeValue(backend, compile(PROFILE), "evolving.Profile", "ada", 3);

    assertRestoreOfValueFails(
        backend,
        compile(PROFILE_RETYPED),
        "evolving.Profile",
        savepoint,
        "Function type test/evolving, state 'profile' cannot be restored: field 'level' of class"
            + " evolving.Profile changed type from int to long. Stored values cannot be read as the"
            + " new type: restore the field's old type, or add a field of the new type and copy the"
            + " value over in code.");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aChangedDeclaredTypeFailsNamingBothTypes(Backend backend) throws Exception {
    ClassLoader loader = getClass().getClassLoader();
    OperatorSubtaskState savepoint;
    try (StateHarness harness =
        open(backend, loader, new ValueHolder("visits", Integer.class), null)) {
      harness.apply("k", value(v -> set(v, 7)));
      savepoint = harness.savepoint();
    }

    assertThatThrownBy(
            () -> open(backend, loader, new ValueHolder("visits", Long.class), savepoint).close())
        .isExactlyInstanceOf(StateEvolutionException.class)
        .hasMessage(
            "Function type test/evolving, state 'visits' cannot be restored: it was written as"
                + " java.lang.Integer and is now declared as java.lang.Long. Stored values cannot"
                + " be read as the new type: declare it as java.lang.Integer again, or store"
                + " java.lang.Long under a new state name.");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aKryoClassThatChangedFailsRecommendingARecordOrPojo(Backend backend) throws Exception {
    OperatorSubtaskState savepoint = writeValue(backend, compile(LEGACY), "evolving.Legacy", 5);

    assertRestoreOfValueFails(
        backend,
        compile(LEGACY_GAINED),
        "evolving.Legacy",
        savepoint,
        "Function type test/evolving, state 'profile' cannot be restored: class evolving.Legacy is"
            + " stored with Kryo, which cannot evolve a class, and it changed: gained field 'b'"
            + " (long). Restore the class as it was. To let it evolve, store a record or a POJO"
            + " (public no-arg constructor, public fields or getters and setters) under a new state"
            + " name: those may gain fields.");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aNestedClassThatLostAFieldFailsNamingIt(Backend backend) throws Exception {
    ClassLoader before = compile(ORDER, ITEM);
    Class<?> item = CompiledClasses.load(before, "evolving.Item");
    Object order =
        newInstance(
            CompiledClasses.load(before, "evolving.Order"), "o1", newInstance(item, "tea", 2));
    OperatorSubtaskState savepoint = savepointOf(backend, before, "evolving.Order", order);

    assertRestoreOfValueFails(
        backend,
        compile(ORDER, ITEM_LOST),
        "evolving.Order",
        savepoint,
        "Function type test/evolving, state 'profile' cannot be restored: class evolving.Item lost"
            + " field 'quantity' (int). A removed or renamed field would restore as its default,"
            + " silently dropping the stored values: put the field back with its old name and type"
            + " (it may stay unused) and move its value to the new field in code.");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aTableKeyClassThatGainedAFieldFails(Backend backend) throws Exception {
    ClassLoader before = compile(KEY);
    Class<?> key = CompiledClasses.load(before, "evolving.Key");
    OperatorSubtaskState savepoint;
    try (StateHarness harness =
        open(backend, before, new TableHolder("carts", key, String.class), null)) {
      harness.apply("k", table(t -> t.set(newInstance(key, "ada"), "tea")));
      savepoint = harness.savepoint();
    }

    ClassLoader after = compile(KEY_GAINED);
    TableHolder evolved =
        new TableHolder("carts", CompiledClasses.load(after, "evolving.Key"), String.class);
    assertThatThrownBy(() -> open(backend, after, evolved, savepoint).close())
        .isExactlyInstanceOf(StateEvolutionException.class)
        .hasMessage(
            "Function type test/evolving, state 'carts' (table keys) cannot be restored: key class"
                + " evolving.Key gained field 'region' (java.lang.String). Table keys are stored in"
                + " their exact form and cannot evolve: restore the key class as it was.");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aTableValueClassWithARenamedFieldFails(Backend backend) throws Exception {
    ClassLoader before = compile(PROFILE);
    Class<?> profile = CompiledClasses.load(before, "evolving.Profile");
    OperatorSubtaskState savepoint;
    try (StateHarness harness =
        open(backend, before, new TableHolder("team", String.class, profile), null)) {
      harness.apply("k", table(t -> t.set("lead", newInstance(profile, "ada", 3))));
      savepoint = harness.savepoint();
    }

    ClassLoader after = compile(PROFILE_RENAMED);
    TableHolder evolved =
        new TableHolder("team", String.class, CompiledClasses.load(after, "evolving.Profile"));
    assertThatThrownBy(() -> open(backend, after, evolved, savepoint).close())
        .isExactlyInstanceOf(StateEvolutionException.class)
        .hasMessage(
            "Function type test/evolving, state 'team' (table values) cannot be restored: class"
                + " evolving.Profile lost field 'name' (java.lang.String) and gained field"
                + " 'nickname' (java.lang.String). A removed or renamed field would restore as its"
                + " default, silently dropping the stored values: put the field back with its old"
                + " name and type (it may stay unused) and move its value to the new field in"
                + " code.");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aBufferElementClassWhoseFieldChangedTypeFails(Backend backend) throws Exception {
    ClassLoader before = compile(PROFILE);
    Class<?> profile = CompiledClasses.load(before, "evolving.Profile");
    OperatorSubtaskState savepoint;
    try (StateHarness harness = open(backend, before, new BufferHolder("history", profile), null)) {
      harness.apply("k", buffer(b -> b.append(newInstance(profile, "ada", 3))));
      savepoint = harness.savepoint();
    }

    ClassLoader after = compile(PROFILE_RETYPED);
    BufferHolder evolved =
        new BufferHolder("history", CompiledClasses.load(after, "evolving.Profile"));
    assertThatThrownBy(() -> open(backend, after, evolved, savepoint).close())
        .isExactlyInstanceOf(StateEvolutionException.class)
        .hasMessage(
            "Function type test/evolving, state 'history' cannot be restored: field 'level' of"
                + " class evolving.Profile changed type from int to long. Stored values cannot be"
                + " read as the new type: restore the field's old type, or add a field of the new"
                + " type and copy the value over in code.");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aStateThatChangedKindFailsNamingIt(Backend backend) throws Exception {
    ClassLoader loader = getClass().getClassLoader();
    OperatorSubtaskState savepoint;
    try (StateHarness harness =
        open(backend, loader, new ValueHolder("visits", Integer.class), null)) {
      harness.apply("k", value(v -> set(v, 7)));
      savepoint = harness.savepoint();
    }

    BufferHolder changed = new BufferHolder("visits", Integer.class);
    assertThatThrownBy(() -> open(backend, loader, changed, savepoint).close())
        .isExactlyInstanceOf(StateBindingException.class)
        .hasMessage(
            "Function type test/evolving, state 'visits' cannot be registered with Flink:"
                + " Incompatible key/value state types. Was [VALUE], registered with [LIST].");
  }

  /**
   * A state the function no longer declares is carried along unread, even when its class changed or
   * is gone: putting the declaration back restores the values.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aStateNoLongerDeclaredKeepsItsValuesThroughChangedAndMissingClasses(Backend backend)
      throws Exception {
    OperatorSubtaskState savepoint =
        writeValue(backend, compile(PROFILE), "evolving.Profile", "ada", 3);

    OperatorSubtaskState withRenamedClass;
    try (StateHarness harness =
        open(backend, compile(PROFILE_RENAMED), new Stateless(), savepoint)) {
      withRenamedClass = harness.savepoint();
    }
    OperatorSubtaskState withoutTheClass;
    try (StateHarness harness =
        open(backend, getClass().getClassLoader(), new Stateless(), withRenamedClass)) {
      withoutTheClass = harness.savepoint();
    }

    assertThat(readValue(backend, compile(PROFILE), "evolving.Profile", withoutTheClass))
        .isEqualTo("Profile[name=ada, level=3]");
  }

  // ---------------------------------------------------------------------------------------------

  private ClassLoader compile(String... sources) {
    return CompiledClasses.compile(dir.resolve("v" + (++versions)), sources);
  }

  private static StateHarness open(
      Backend backend, ClassLoader loader, StatefulFunction function, OperatorSubtaskState snapshot)
      throws Exception {
    return StateHarness.open(backend, loader, TYPE, function, snapshot);
  }

  /**
   * Writes an instance of {@code className} made of {@code args} to value state 'profile' of key
   * "k".
   */
  private static OperatorSubtaskState writeValue(
      Backend backend, ClassLoader loader, String className, Object... args) throws Exception {
    return savepointOf(
        backend, loader, className, newInstance(CompiledClasses.load(loader, className), args));
  }

  private static OperatorSubtaskState savepointOf(
      Backend backend, ClassLoader loader, String className, Object value) throws Exception {
    Class<?> type = CompiledClasses.load(loader, className);
    try (StateHarness harness = open(backend, loader, new ValueHolder("profile", type), null)) {
      harness.apply("k", value(v -> set(v, value)));
      return harness.savepoint();
    }
  }

  private static String readValue(
      Backend backend, ClassLoader loader, String className, OperatorSubtaskState snapshot)
      throws Exception {
    Class<?> type = CompiledClasses.load(loader, className);
    try (StateHarness harness = open(backend, loader, new ValueHolder("profile", type), snapshot)) {
      return String.valueOf(harness.apply("k", value(v -> v.get())));
    }
  }

  private static void assertRestoreOfValueFails(
      Backend backend,
      ClassLoader loader,
      String className,
      OperatorSubtaskState snapshot,
      String message) {
    ValueHolder evolved = new ValueHolder("profile", CompiledClasses.load(loader, className));
    assertThatThrownBy(() -> open(backend, loader, evolved, snapshot).close())
        .isExactlyInstanceOf(StateEvolutionException.class)
        .hasMessage(message);
  }

  private static Function<StatefulFunction, Object> value(
      Function<org.statefun.sdk.state.PersistedValue<Object>, Object> action) {
    return f -> action.apply(((ValueHolder) f).value);
  }

  private static Function<StatefulFunction, Object> table(
      java.util.function.Consumer<org.statefun.sdk.state.PersistedTable<Object, Object>> action) {
    return f -> {
      action.accept(((TableHolder) f).table);
      return null;
    };
  }

  private static Function<StatefulFunction, Object> buffer(
      java.util.function.Consumer<org.statefun.sdk.state.PersistedAppendingBuffer<Object>> action) {
    return f -> {
      action.accept(((BufferHolder) f).buffer);
      return null;
    };
  }

  private static Object set(org.statefun.sdk.state.PersistedValue<Object> value, Object newValue) {
    value.set(newValue);
    return null;
  }

  /** Calls the public constructor of {@code type} taking {@code args.length} arguments. */
  static Object newInstance(Class<?> type, Object... args) {
    List<Constructor<?>> candidates = new ArrayList<>();
    for (Constructor<?> constructor : type.getConstructors()) {
      if (constructor.getParameterCount() == args.length) {
        candidates.add(constructor);
      }
    }
    try {
      return candidates.get(0).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
