package org.statefun.distribution.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.statefun.loader.testing.TestJars;

/**
 * A module whose messages cross the feedback loop, with delayed messages and async operations, and
 * whose egress records make every address's state checkable. Ingress record {@code k<i>} (from
 * Kafka) reaches {@code chaos/pinger} at id {@code k<i>}, which counts it ({@code n}) and sends
 * {@code k<i>:<n>} to {@code chaos/ponger} at id {@link #ponger}; the ponger counts what it
 * receives ({@code m}), awaits an async operation (asked again if a restore made its outcome
 * unknown), sends itself a message 200 ms later, and only then writes {@code k<i>:<n>|<m>|<ponger
 * id>} to the Kafka egress (exactly-once). The classes exist only in the module's jar.
 */
final class CrossingWorkload {
  private CrossingWorkload() {}

  /** Ponger ids: {@code p0} … {@code p39}. */
  static final int PONGERS = 40;

  /**
   * How a module differs from the plain workload: Kafka producer properties for the egress, and a
   * hold file (null for none). While that file exists, pinger {@code k0} does not return: its
   * subtask stops, every checkpoint barrier waits in front of it, and the loop heads of the other
   * subtasks log the loop for the checkpoint in progress, which cannot complete.
   */
  record Variant(Map<String, String> egressProperties, Path hold) {
    static final Variant PLAIN = new Variant(Map.of(), null);

    static Variant egressProperties(Map<String, String> properties) {
      return new Variant(properties, null);
    }

    static Variant hold(Path file) {
      return new Variant(Map.of(), file);
    }
  }

  static final String PINGER =
      """
      package chaos;

      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.util.concurrent.TimeUnit;
      import org.statefun.sdk.Context;
      import org.statefun.sdk.FunctionType;
      import org.statefun.sdk.StatefulFunction;
      import org.statefun.sdk.state.Persisted;
      import org.statefun.sdk.state.PersistedValue;

      public class Pinger implements StatefulFunction {
        static final FunctionType PONGER = new FunctionType("chaos", "ponger");
        static final String HOLD = HOLD_FILE;
        @Persisted final PersistedValue<Integer> count = PersistedValue.of("count", Integer.class);

        @Override
        public void invoke(Context context, Object message) {
          int n = count.updateAndGet(v -> v == null ? 1 : v + 1);
          String id = context.self().id();
          if (!HOLD.isEmpty() && id.equals("k0")) { // see CrossingWorkload.Variant
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            try {
              while (Files.exists(Path.of(HOLD)) && System.nanoTime() < deadline) {
                Thread.sleep(5);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt(); // the task is being cancelled
            }
          }
          // The same formula as CrossingWorkload#ponger.
          context.send(PONGER, "p" + Math.floorMod(id.hashCode() * 31 + n * 7, PONGERS), id + ":" + n);
        }
      }
      """
          .replace("PONGERS", Integer.toString(PONGERS));

  static final String PONGER =
      """
      package chaos;

      import java.time.Duration;
      import java.util.concurrent.CompletableFuture;
      import java.util.concurrent.TimeUnit;
      import org.statefun.sdk.AsyncOperationResult;
      import org.statefun.sdk.Context;
      import org.statefun.sdk.StatefulFunction;
      import org.statefun.sdk.io.EgressIdentifier;
      import org.statefun.sdk.state.Persisted;
      import org.statefun.sdk.state.PersistedValue;

      public class Ponger implements StatefulFunction {
        static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "chaos", "out");
        @Persisted final PersistedValue<Integer> count = PersistedValue.of("count", Integer.class);

        @Override
        public void invoke(Context context, Object message) {
          if (message instanceof AsyncOperationResult<?, ?> result) {
            String tag = (String) result.metadata();
            if (result.successful()) {
              context.sendAfter(Duration.ofMillis(200), context.self(), "delayed|" + tag);
            } else {
              lookup(context, tag); // unknown after a restore: ask again
            }
            return;
          }
          String text = (String) message;
          if (text.startsWith("delayed|")) {
            context.send(OUT, text.substring("delayed|".length()) + "|" + context.self().id());
            return;
          }
          int m = count.updateAndGet(v -> v == null ? 1 : v + 1);
          lookup(context, text + "|" + m);
        }

        private static void lookup(Context context, String tag) {
          context.registerAsyncOperation(
              tag,
              CompletableFuture.supplyAsync(
                  () -> "ok", CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)));
        }
      }
      """;

  /** The ponger id that pinger {@code id} sends its {@code n}-th message to. */
  static String ponger(String id, int n) {
    return "p" + Math.floorMod(id.hashCode() * 31 + n * 7, PONGERS);
  }

  /** Writes the module (module.yaml and chaos.jar) to {@code modules/chaos}. */
  static void write(Path modules, String bootstrap, String input, String output)
      throws IOException {
    write(modules, bootstrap, input, output, Variant.PLAIN);
  }

  /** As above, for a variant of the workload. */
  static void write(Path modules, String bootstrap, String input, String output, Variant variant)
      throws IOException {
    Path module = Files.createDirectories(modules.resolve("chaos"));
    TestJars.build(
        module.resolve("chaos.jar"),
        Map.of(
            "chaos.Pinger",
            PINGER.replace("HOLD_FILE", hold(variant.hold())),
            "chaos.Ponger",
            PONGER),
        Map.of());
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions:
          - type: chaos/pinger
            class: chaos.Pinger
          - type: chaos/ponger
            class: chaos.Ponger
        ingresses:
          - id: chaos/in
            kind: kafka
            spec:
              bootstrap-servers: BOOTSTRAP
              topics: INPUT
              group-id: chaos
              startup-fallback: earliest
        routers:
          - ingress: chaos/in
            target: chaos/pinger
            id: value
        egresses:
          - id: chaos/out
            kind: kafka
            spec:
              bootstrap-servers: BOOTSTRAP
              topic: OUTPUT
              delivery: exactly-once
              transaction-timeout: 2m
        PROPERTIES"""
            .replace("PROPERTIES", properties(variant.egressProperties()))
            .replace("BOOTSTRAP", bootstrap)
            .replace("INPUT", input)
            .replace("OUTPUT", output));
  }

  /** The hold file as a Java string literal; empty for none. */
  private static String hold(Path file) {
    String path = file == null ? "" : file.toAbsolutePath().toString();
    return '"' + path.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String properties(Map<String, String> properties) {
    StringBuilder yaml = new StringBuilder(properties.isEmpty() ? "" : "      properties:\n");
    properties.forEach(
        (k, v) -> yaml.append("        ").append(k).append(": ").append(v).append('\n'));
    return yaml.toString();
  }

  /** The pinger id of ingress record number {@code i} of a round. */
  static String pinger(int i) {
    return "k" + i;
  }

  /**
   * Every record the egress must hold, as {@code k<i>:<n>|?|<ponger>}: the ponger's count {@code m}
   * depends on arrival order, so {@link #checkPongerCounts} checks it separately.
   */
  static List<String> expectedWithoutPongerCounts(int ids, int rounds) {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < ids; i++) {
      for (int n = 1; n <= rounds; n++) {
        expected.add(pinger(i) + ":" + n + "|?|" + ponger(pinger(i), n));
      }
    }
    return expected;
  }

  /** {@code k<i>:<n>|<m>|<ponger>} with its ponger count replaced by {@code ?}. */
  static String withoutPongerCount(String record) {
    String[] parts = record.split("\\|");
    return parts[0] + "|?|" + parts[2];
  }

  /**
   * The problems of the ponger counts: each ponger's counts must be exactly 1 … (messages it
   * received), each once. Empty if every ponger's state is exact.
   */
  static List<String> checkPongerCounts(List<String> records) {
    Map<String, List<Integer>> counts = new HashMap<>();
    for (String record : records) {
      String[] parts = record.split("\\|");
      counts.computeIfAbsent(parts[2], p -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
    }
    List<String> problems = new ArrayList<>();
    counts.forEach(
        (ponger, seen) -> {
          List<Integer> sorted = seen.stream().sorted().toList();
          for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i) != i + 1) {
              problems.add(ponger + " counted " + sorted);
              return;
            }
          }
        });
    return problems;
  }
}
