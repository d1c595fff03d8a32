package org.statefun.benchmarks.relay;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * The dimensions of a run, given as {@code -Dkey=value} arguments beside the positional ones:
 * Flink's own option names for the state backend and the parallelism, {@code bench.*} for the
 * relay's shape.
 *
 * @param stateBackend {@code hashmap} or {@code rocksdb}, for every job of the run
 * @param parallelism of every job, and the cluster's slots
 * @param logic ids per stage and fan-out, the same for the relay and the plain job
 * @param plainKeys how the plain job keys its records
 * @param runs measured runs of each pipeline (the relay benchmark reports the median)
 * @param fork each run of a pipeline in a JVM of its own (the relay benchmark), else all in this
 *     one
 */
record BenchOptions(
    String stateBackend,
    int parallelism,
    RelayLogic logic,
    PlainKeys<?> plainKeys,
    int runs,
    boolean fork) {

  static final BenchOptions DEFAULTS =
      new BenchOptions("hashmap", 2, RelayLogic.DEFAULT, PlainKeys.LONGS, 1, true);

  /** An option a benchmark may accept, with what its value must be. */
  enum Key {
    STATE_BACKEND(StateBackendOptions.STATE_BACKEND.key(), "hashmap|rocksdb"),
    PARALLELISM(CoreOptions.DEFAULT_PARALLELISM.key(), "P"),
    IDS("bench.ids", "K"),
    FAN_OUT("bench.fan-out", "F"),
    PLAIN_KEYS("bench.plain-keys", "long|string"),
    RUNS("bench.runs", "R"),
    JVM("bench.jvm", "fork|shared");

    final String name;
    final String value;

    Key(String name, String value) {
      this.name = name;
      this.value = value;
    }
  }

  /** Every option. */
  static final Set<Key> ALL = EnumSet.allOf(Key.class);

  /** The options of one pipeline run: every option but the number of runs and the JVM choice. */
  static final Set<Key> ONE_RUN = EnumSet.complementOf(EnumSet.of(Key.RUNS, Key.JVM));

  static boolean isOption(String argument) {
    return argument.startsWith("-D");
  }

  /**
   * The options in {@code arguments} (each {@code -Dkey=value}), the defaults for the rest.
   *
   * @throws IllegalArgumentException naming the first bad argument and what was expected
   */
  static BenchOptions parse(List<String> arguments, Set<Key> accepted) {
    String stateBackend = DEFAULTS.stateBackend;
    int parallelism = DEFAULTS.parallelism;
    long ids = DEFAULTS.logic.ids();
    long fanOut = DEFAULTS.logic.fanOut();
    PlainKeys<?> plainKeys = DEFAULTS.plainKeys;
    int runs = DEFAULTS.runs;
    boolean fork = DEFAULTS.fork;
    for (String argument : arguments) {
      int equals = argument.indexOf('=');
      String name = equals < 0 ? argument.substring(2) : argument.substring(2, equals);
      Key key =
          accepted.stream()
              .filter(k -> k.name.equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown option '"
                              + argument
                              + "'"
                              + (accepted.isEmpty() ? ", this benchmark takes none" : "")));
      if (equals < 0) {
        throw new IllegalArgumentException(
            "option '" + argument + "' needs a value: -D" + key.name + "=" + key.value);
      }
      String value = argument.substring(equals + 1);
      switch (key) {
        case STATE_BACKEND -> {
          if (!value.equals("hashmap") && !value.equals("rocksdb")) {
            throw new IllegalArgumentException(
                key.name + " must be hashmap or rocksdb, got '" + value + "'");
          }
          stateBackend = value;
        }
        case PARALLELISM ->
            parallelism = (int) BenchmarkMain.count(value, key.name, 1, Integer.MAX_VALUE);
        case IDS -> ids = BenchmarkMain.count(value, key.name, 1, RelayLogic.MAX_IDS);
        case FAN_OUT -> fanOut = BenchmarkMain.count(value, key.name, 1, Integer.MAX_VALUE);
        case RUNS -> runs = (int) BenchmarkMain.count(value, key.name, 1, 99);
        case JVM -> {
          if (!value.equals("fork") && !value.equals("shared")) {
            throw new IllegalArgumentException(
                key.name + " must be fork or shared, got '" + value + "'");
          }
          fork = value.equals("fork");
        }
        case PLAIN_KEYS -> {
          plainKeys = PlainKeys.named(value);
          if (plainKeys == null) {
            throw new IllegalArgumentException(
                key.name + " must be long or string, got '" + value + "'");
          }
        }
      }
    }
    if (fanOut > ids) {
      throw new IllegalArgumentException(
          Key.FAN_OUT.name + " must be at most " + Key.IDS.name + " (" + ids + "), got " + fanOut);
    }
    return new BenchOptions(
        stateBackend, parallelism, new RelayLogic(ids, (int) fanOut), plainKeys, runs, fork);
  }

  /** The options of {@code accepted} as a usage string, e.g. {@code [-Dbench.ids=K]}. */
  static String usage(Set<Key> accepted) {
    return accepted.stream()
        .map(key -> "[-D" + key.name + "=" + key.value + "]")
        .collect(Collectors.joining(" "));
  }

  /** The options of one pipeline run, as arguments for {@link #parse} in another JVM. */
  List<String> oneRunArguments() {
    return List.of(
        "-D" + Key.STATE_BACKEND.name + "=" + stateBackend,
        "-D" + Key.PARALLELISM.name + "=" + parallelism,
        "-D" + Key.IDS.name + "=" + logic.ids(),
        "-D" + Key.FAN_OUT.name + "=" + logic.fanOut(),
        "-D" + Key.PLAIN_KEYS.name + "=" + plainKeys.name());
  }

  /** The plain job these options describe. */
  PlainPipeline<?> plainPipeline() {
    return new PlainPipeline<>(logic, plainKeys);
  }

  /** The header's words for the relay's shape: nothing for the default shape. */
  String shape() {
    List<String> words = new ArrayList<>();
    if (logic.ids() != RelayLogic.DEFAULT.ids()) {
      words.add(String.format(Locale.ROOT, "%,d ids per stage", logic.ids()));
    }
    if (logic.fanOut() != RelayLogic.DEFAULT.fanOut()) {
      words.add(
          String.format(
              Locale.ROOT,
              "fan-out %d (each ingress record: 1 + %d function invocations, %d egress records;"
                  + " msgs/s counts ingress records)",
              logic.fanOut(),
              logic.fanOut(),
              logic.fanOut()));
    }
    if (plainKeys != DEFAULTS.plainKeys) {
      words.add("the plain job keyed by " + plainKeys.name() + " ids");
    }
    return words.isEmpty() ? "" : ", " + String.join(", ", words);
  }
}
