package org.statefun.state.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.translation.UniverseTranslator;
import org.statefun.loader.LoadedModules;
import org.statefun.loader.ModuleLoader;
import org.statefun.state.tools.fixtures.CartFn;

/**
 * {@code bin/statefun state}: a cart job at parallelism 2 stopped with a savepoint is inspected
 * exactly (values, tables, buffers, a record, delayed messages per subtask, filters); a savepoint
 * bootstrapped from JSON lines starts a job whose functions read that state; bad input is one line,
 * a non-zero exit and nothing written.
 */
class StateToolsIT {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final String MODULE =
      """
      version: 1
      functions: [{ type: shop/cart, class: org.statefun.state.tools.fixtures.CartFn }]
      ingresses: [{ id: shop/orders, kind: file, spec: { path: orders, format: json, watch: 100ms } }]
      routers: [{ ingress: shop/orders, target: shop/cart, id: value.user }]
      egresses: [{ id: shop/out, kind: print }]
      """;

  private static final String ORDERS =
      """
      {"user":"alice","item":"apple"}
      {"user":"bob","item":"pear"}
      {"user":"alice","item":"apple"}
      {"user":"alice","item":"fig"}
      {"user":"bob","item":"later"}
      """;

  private static final List<String> ALICE =
      List.of(
          "{\"type\":\"shop/cart\",\"id\":\"alice\",\"state\":\"cart\",\"table\":{\"apple\":2,\"fig\":1}}",
          "{\"type\":\"shop/cart\",\"id\":\"alice\",\"state\":\"history\",\"buffer\":[\"apple\",\"apple\",\"fig\"]}",
          "{\"type\":\"shop/cart\",\"id\":\"alice\",\"state\":\"last\",\"value\":{\"user\":\"alice\",\"item\":\"fig\"}}",
          "{\"type\":\"shop/cart\",\"id\":\"alice\",\"state\":\"visits\",\"value\":3}");

  private static final List<String> BOB =
      List.of(
          "{\"type\":\"shop/cart\",\"id\":\"bob\",\"state\":\"cart\",\"table\":{\"later\":1,\"pear\":1}}",
          "{\"type\":\"shop/cart\",\"id\":\"bob\",\"state\":\"history\",\"buffer\":[\"pear\",\"later\"]}",
          "{\"type\":\"shop/cart\",\"id\":\"bob\",\"state\":\"last\",\"value\":{\"user\":\"bob\",\"item\":\"later\"}}",
          "{\"type\":\"shop/cart\",\"id\":\"bob\",\"state\":\"visits\",\"value\":2}");

  @TempDir Path dir;
  private Path modules;

  @BeforeEach
  void setUp() throws Exception {
    CartFn.SEEN.clear();
    modules = dir.resolve("modules");
    Files.createDirectories(modules.resolve("shop/orders"));
    Files.writeString(modules.resolve("shop/module.yaml"), MODULE);
  }

  @Test
  void inspectPrintsExactlyTheStateOfASavepoint() throws Exception {
    Path savepoint = runAndStop(ORDERS, 5, null);

    Result all = state("inspect", savepoint.toString(), "--modules", modules.toString());
    assertThat(all.err).isEmpty();
    assertThat(all.code).isZero();
    int bobSubtask = KeyGroupRangeAssignment.assignKeyToParallelOperator("bob", 128, 2);
    List<String> expected = new ArrayList<>(ALICE);
    expected.addAll(BOB);
    // No function sends to another: nothing is in flight on the loop at the savepoint.
    expected.add(
        "{\"subtask\":0,\"delayed_messages\":"
            + (bobSubtask == 0 ? 1 : 0)
            + ",\"loop_messages\":0}");
    expected.add(
        "{\"subtask\":1,\"delayed_messages\":"
            + (bobSubtask == 1 ? 1 : 0)
            + ",\"loop_messages\":0}");
    assertThat(all.out).containsExactlyElementsOf(expected);

    // The _metadata file works as well as its directory; filters narrow the lines.
    Result bob =
        state(
            "inspect",
            savepoint.resolve("_metadata").toString(),
            "--modules=" + modules,
            "--type",
            "shop/cart",
            "--id",
            "bob");
    assertThat(bob.out).as("stderr: %s", bob.err).containsExactlyElementsOf(BOB);
    assertThat(
            state(
                    "inspect",
                    savepoint.toString(),
                    "--modules",
                    modules.toString(),
                    "--state",
                    "visits")
                .out)
        .containsExactly(ALICE.get(3), BOB.get(3));

    // Filters naming what does not exist, and paths that are no savepoints: one line, exit 1.
    assertProblem(
        state(
            "inspect",
            savepoint.toString(),
            "--modules",
            modules.toString(),
            "--type",
            "shop/nope"),
        "statefun state: --type shop/nope: the modules bind no such function type; they bind"
            + " shop/cart");
    assertProblem(
        state("inspect", savepoint.toString(), "--modules", modules.toString(), "--state", "nope"),
        "statefun state: --state nope: no function type of the modules declares such a state");
    assertProblem(
        state(
            "inspect",
            savepoint.toString(),
            "--modules",
            modules.toString(),
            "--type",
            "shop/cart",
            "--state",
            "nope"),
        "statefun state: --state nope: function type shop/cart declares no such state; it"
            + " declares 'visits', 'cart', 'history', 'last'");
    assertProblem(
        state("inspect", savepoint.toString(), "--modules", modules.toString(), "--id", "carol"),
        "statefun state: no state for id 'carol' in " + savepoint);
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThat(state("inspect", empty.toString(), "--modules", modules.toString()).err.get(0))
        .startsWith(
            "statefun state: "
                + empty
                + " is not a savepoint or checkpoint: it has no _metadata file");
    Path garbage = Files.createDirectories(dir.resolve("garbage"));
    Files.writeString(garbage.resolve("_metadata"), "not a savepoint");
    Result notASavepoint = state("inspect", garbage.toString(), "--modules", modules.toString());
    assertThat(notASavepoint.code).isEqualTo(1);
    assertThat(notASavepoint.err).hasSize(1);
    assertThat(notASavepoint.err.get(0))
        .startsWith(
            "statefun state: "
                + garbage
                + " is not a savepoint or checkpoint: its _metadata cannot be read");

    // A savepoint of another module set: its function state belongs to no type of these modules.
    Path other = dir.resolve("other");
    Files.createDirectories(other.resolve("crm"));
    Files.writeString(
        other.resolve("crm/module.yaml"),
        MODULE
            .replace("shop/cart", "crm/cart")
            .replace("shop/orders", "crm/orders")
            .replace("shop/out", "crm/out"));
    Files.createDirectories(other.resolve("crm/orders"));
    assertProblem(
        state("inspect", savepoint.toString(), "--modules", other.toString()),
        "statefun state: "
            + savepoint
            + " holds state (shop.cart.cart, shop.cart.history, shop.cart.last, shop.cart.visits)"
            + " of none of the function types the modules of "
            + other
            + " bind (crm/cart): was it taken with another module set?");
  }

  @Test
  void aBootstrappedSavepointStartsAJobWhoseFunctionsReadItsState() throws Exception {
    Path input = dir.resolve("state.jsonl");
    Files.writeString(
        input,
        String.join(
            "\n",
            "{\"type\":\"shop/cart\",\"id\":\"carol\",\"state\":\"visits\",\"value\":10}",
            "{\"type\":\"shop/cart\",\"id\":\"carol\",\"state\":\"cart\",\"table\":{\"apple\":5,\"kiwi\":1}}",
            "",
            "{\"type\":\"shop/cart\",\"id\":\"carol\",\"state\":\"history\",\"buffer\":[\"kiwi\"]}",
            "{\"type\":\"shop/cart\",\"id\":\"dave\",\"state\":\"last\",\"value\":{\"user\":\"dave\",\"item\":\"fig\"}}",
            "{\"type\":\"shop/cart\",\"id\":\"dave\",\"state\":\"visits\",\"value\":7}"));
    Path savepoint = dir.resolve("bootstrapped");
    Result written =
        state(
            "bootstrap",
            "--modules",
            modules.toString(),
            "--input",
            input.toString(),
            "--out",
            savepoint.toString());
    assertThat(written.err).isEmpty();
    assertThat(written.out)
        .containsExactly(
            "statefun state: wrote 5 states into the savepoint "
                + savepoint
                + " (max parallelism 128)");

    // What inspect prints of it is what was written; fed back to bootstrap, it writes the same.
    List<String> expected =
        List.of(
            "{\"type\":\"shop/cart\",\"id\":\"carol\",\"state\":\"cart\",\"table\":{\"apple\":5,\"kiwi\":1}}",
            "{\"type\":\"shop/cart\",\"id\":\"carol\",\"state\":\"history\",\"buffer\":[\"kiwi\"]}",
            "{\"type\":\"shop/cart\",\"id\":\"carol\",\"state\":\"visits\",\"value\":10}",
            "{\"type\":\"shop/cart\",\"id\":\"dave\",\"state\":\"last\",\"value\":{\"user\":\"dave\",\"item\":\"fig\"}}",
            "{\"type\":\"shop/cart\",\"id\":\"dave\",\"state\":\"visits\",\"value\":7}",
            "{\"subtask\":0,\"delayed_messages\":0,\"loop_messages\":0}");
    Result inspected = state("inspect", savepoint.toString(), "--modules", modules.toString());
    assertThat(inspected.out).as("stderr: %s", inspected.err).containsExactlyElementsOf(expected);
    Path roundTrip = dir.resolve("round-trip.jsonl");
    Files.write(roundTrip, inspected.out.subList(0, 5));
    Path again = dir.resolve("again");
    assertThat(
            state(
                    "bootstrap",
                    "--modules",
                    modules.toString(),
                    "--input",
                    roundTrip.toString(),
                    "--out",
                    again.toString())
                .code)
        .isZero();
    assertThat(state("inspect", again.toString(), "--modules", modules.toString()).out)
        .containsExactlyElementsOf(expected);

    // A job started from it (parallelism 2) reads the bootstrapped state.
    runAndStop(
        "{\"user\":\"carol\",\"item\":\"apple\"}\n{\"user\":\"dave\",\"item\":\"pear\"}\n",
        2,
        savepoint);
    assertThat(CartFn.SEEN)
        .containsExactlyInAnyOrder(
            "carol visits=11 cart={apple=6, kiwi=1} history=[kiwi, apple]",
            "dave visits=8 cart={pear=1} history=[pear]");
  }

  @Test
  void badBootstrapInputIsOneLineAndWritesNothing() throws Exception {
    String good = "{\"type\":\"shop/cart\",\"id\":\"carol\",\"state\":\"visits\",\"value\":10}";
    Map<String, String> cases =
        Map.of(
            "{\"type\":\"shop/cart\",\"id\":\"carol\",",
            "in.jsonl:2: not a JSON object: Unexpected end-of-input",
            "{\"type\":\"shop/cart\",\"id\":\"carol\",\"state\":\"visits\",\"value\":\"ten\"}",
            "in.jsonl:2: value of state 'visits' (a value of java.lang.Integer) does not fit:",
            "{\"type\":\"shop/cart\",\"id\":\"carol\",\"state\":\"visits\",\"value\":2.5}",
            "in.jsonl:2: value of state 'visits' (a value of java.lang.Integer) does not fit:",
            "{\"type\":\"shop/cart\",\"id\":\"carol\",\"state\":\"cart\",\"table\":{\"apple\":true}}",
            "in.jsonl:2: table of state 'cart' (a table of java.lang.String to java.lang.Integer)"
                + " does not fit: key 'apple':",
            "{\"type\":\"shop/cart\",\"id\":\"carol\",\"state\":\"last\",\"value\":{\"user\":\"c\",\"colour\":\"red\"}}",
            "in.jsonl:2: value of state 'last' (a value of "
                + CartFn.LastOrder.class.getName()
                + ") does not fit: Unrecognized field \"colour\"",
            "{\"type\":\"shop/nope\",\"id\":\"carol\",\"state\":\"visits\",\"value\":1}",
            "in.jsonl:2: type 'shop/nope': the modules bind no such function type; they bind shop/cart",
            "{\"type\":\"shop/cart\",\"id\":\"carol\",\"state\":\"nope\",\"value\":1}",
            "in.jsonl:2: state 'nope': function type shop/cart declares no such state; it declares"
                + " 'visits', 'cart', 'history', 'last'",
            "{\"type\":\"shop/cart\",\"id\":\"carol\",\"state\":\"history\",\"value\":\"x\"}",
            "in.jsonl:2: 'value' given, but state 'history' of shop/cart is a buffer of"
                + " java.lang.String: give 'buffer'",
            good,
            "in.jsonl:2: state 'visits' of shop/cart id 'carol' is given twice");
    Path out = dir.resolve("out");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Files.writeString(dir.resolve("in.jsonl"), good + "\n" + c.getKey() + "\n");
      Result result =
          new Result(
              dir,
              "bootstrap",
              "--modules",
              modules.toString(),
              "--input",
              "in.jsonl",
              "--out",
              "out");
      assertThat(result.code).as(c.getKey()).isEqualTo(1);
      assertThat(result.err).as(c.getKey()).hasSize(1);
      assertThat(result.err.get(0)).as(c.getKey()).startsWith("statefun state: " + c.getValue());
      assertThat(out).as("nothing written").doesNotExist();
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("out"));
      }
    }
    Result usage = state("bootstrap", "--modules", modules.toString(), "--input", "x");
    assertThat(usage.code).isEqualTo(2);
    assertThat(usage.err)
        .containsExactly("statefun state: state bootstrap needs --out (bin/statefun state --help)");
  }

  /**
   * Runs the modules until {@code invocations} invocations have run on the orders, then stops the
   * job with a savepoint and returns it.
   */
  private Path runAndStop(String orders, int invocations, Path restoreFrom) throws Exception {
    return runAndStop(orders, invocations, restoreFrom, new Configuration(), () -> {});
  }

  /**
   * As {@link #runAndStop(String, int, Path)}, with {@code conf} and {@code beforeStop} run once
   * the invocations are done.
   */
  private Path runAndStop(
      String orders,
      int invocations,
      Path restoreFrom,
      Configuration conf,
      ThrowingRunnable beforeStop)
      throws Exception {
    Files.writeString(modules.resolve("shop/orders/" + System.nanoTime() + ".json"), orders);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
    if (restoreFrom != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toString());
    }
    try (LoadedModules loaded =
        new ModuleLoader(StateToolsIT.class.getClassLoader(), Map.of()).load(modules, Map.of())) {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      env.setParallelism(2);
      UniverseTranslator.translate(env, loaded.universe());
      JobClient job = env.executeAsync("state tools test job");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (CartFn.SEEN.size() < invocations) {
        assertThat(System.nanoTime()).as("invocations within 2 minutes").isLessThan(deadline);
        Thread.sleep(50);
      }
      beforeStop.run();
      String path =
          job.stopWithSavepoint(
                  false,
                  dir.resolve("savepoints").toUri().toString(),
                  SavepointFormatType.CANONICAL)
              .get(2, TimeUnit.MINUTES);
      return Path.of(java.net.URI.create(path.startsWith("file:") ? path : "file:" + path));
    }
  }

  /** Something to do before the job stops. */
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void rocksDbSavepointsAreReadAndItsIncrementalCheckpointsRefusedInOneLine() throws Exception {
    Path checkpoints = dir.resolve("checkpoints");
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("execution.checkpointing.incremental", "true");
    conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
    conf.setString("execution.checkpointing.num-retained", "100");
    Path[] checkpoint = new Path[1];
    Path savepoint =
        runAndStop(
            ORDERS,
            5,
            null,
            conf,
            () -> {
              long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
              while (checkpoint[0] == null) {
                assertThat(System.nanoTime())
                    .as("a checkpoint within a minute")
                    .isLessThan(deadline);
                Thread.sleep(100);
                if (Files.isDirectory(checkpoints)) {
                  try (var files = Files.walk(checkpoints)) {
                    Path metadata =
                        files
                            .filter(p -> p.getFileName().toString().equals("_metadata"))
                            .findFirst()
                            .orElse(null);
                    if (metadata != null) {
                      // The job deletes its checkpoints when it ends: keep this one's _metadata.
                      checkpoint[0] = Files.createDirectories(dir.resolve("chk-copy"));
                      Files.copy(metadata, checkpoint[0].resolve("_metadata"));
                    }
                  }
                }
              }
            });

    Result all =
        state("inspect", savepoint.toString(), "--modules", modules.toString(), "--id", "alice");
    assertThat(all.out).as("stderr: %s", all.err).containsExactlyElementsOf(ALICE);
    assertProblem(
        state("inspect", checkpoint[0].toString(), "--modules", modules.toString()),
        "statefun state: "
            + checkpoint[0]
            + " is an incremental checkpoint of the RocksDB state backend, which statefun state"
            + " cannot read; read a savepoint instead (Ctrl-C stops a local run with one)");
  }

  private Result state(String... args) {
    return new Result(dir, args);
  }

  private static void assertProblem(Result result, String line) {
    assertThat(result.code).as("exit code; stderr %s", result.err).isEqualTo(1);
    assertThat(result.err).containsExactly(line);
    assertThat(result.out).isEmpty();
  }

  /** One run of the tool: exit code, stdout and stderr lines. */
  private static final class Result {
    final int code;
    final List<String> out;
    final List<String> err;

    Result(Path workingDirectory, String... args) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      code =
          new StateTool(
                  Map.of(),
                  workingDirectory,
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  new PrintStream(err, true, StandardCharsets.UTF_8))
              .run(args);
      this.out = out.toString(StandardCharsets.UTF_8).lines().toList();
      this.err = err.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }
}
