package org.statefun.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.MiniClusters;
import org.statefun.loader.testing.EntrypointRuns;
import org.statefun.loader.testing.TestJars;

/**
 * The built-in kinds, a Java module next to module.yaml in one module, global configuration, env
 * substitution and a plugin kind with keyed records, each run through the entrypoint on a
 * MiniCluster (parallelism 2, checkpoints on).
 */
class BuiltinKindsIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  static final String ORDER =
      "package shop; public record Order(String id, String customer, int amount) {}";

  static final String TOTALS =
      """
      package shop;

      import org.statefun.sdk.Context;
      import org.statefun.sdk.StatefulFunction;
      import org.statefun.sdk.io.EgressIdentifier;
      import org.statefun.sdk.state.Persisted;
      import org.statefun.sdk.state.PersistedValue;

      public class Totals implements StatefulFunction {
        static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "shop", "totals");
        @Persisted final PersistedValue<Integer> total = PersistedValue.of("total", Integer.class);
        private final String currency;

        public Totals(String currency) { this.currency = currency; }

        @Override
        public void invoke(Context context, Object message) {
          Order order = (Order) message;
          int sum = total.updateAndGet(v -> (v == null ? 0 : v) + order.amount());
          context.send(OUT, context.self().id() + " " + order.id() + " " + sum + " " + currency);
        }
      }
      """;

  static final String SHOP_MODULE =
      """
      package shop;

      import java.util.Map;
      import org.statefun.sdk.FunctionType;
      import org.statefun.sdk.spi.Binder;
      import org.statefun.sdk.spi.StatefulFunctionModule;

      public class ShopModule implements StatefulFunctionModule {
        @Override
        public void configure(Map<String, String> config, Binder binder) {
          String currency = config.getOrDefault("currency", "none");
          binder.bindFunctionProvider(new FunctionType("shop", "totals"), type -> new Totals(currency));
        }
      }
      """;

  @Test
  void jsonFileToJavaModuleFunctionToFileEgress(@TempDir Path dir) throws Exception {
    Path module = dir.resolve("modules/shop");
    Files.createDirectories(module);
    TestJars.build(
        module.resolve("shop.jar"),
        Map.of("shop.Order", ORDER, "shop.Totals", TOTALS, "shop.ShopModule", SHOP_MODULE),
        Map.of(
            "META-INF/services/org.statefun.sdk.spi.StatefulFunctionModule", "shop.ShopModule\n"));
    Files.createDirectories(module.resolve("data"));
    Files.writeString(
        module.resolve("data/orders-1.jsonl"),
        """
        {"id": "o1", "customer": "ann", "amount": 5}
        {"id": "o2", "customer": "bob", "amount": 7}

        {"id": "o3", "customer": "ann", "amount": 1}
        """);
    Files.writeString(
        module.resolve("data/orders-2.jsonl"),
        "{\"id\": \"o4\", \"customer\": \"cid\", \"amount\": 2}\n");
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        module: shop
        ingresses:
          - id: shop/orders
            kind: file
            spec:
              path: data
              format: json
              type: shop.Order
        routers:
          - ingress: shop/orders
            target: shop/totals
            id: value.customer
        egresses:
          - id: shop/totals
            kind: file
            spec:
              path: ${OUT_DIR}
        """);
    Path out = dir.resolve("out");

    EntrypointRuns.run(
        dir, Map.of("OUT_DIR", out.toString()), "-Dstatefun.module.global-config.currency=EUR");

    assertThat(lines(out))
        .containsExactlyInAnyOrder("ann o1 5 EUR", "bob o2 7 EUR", "ann o3 6 EUR", "cid o4 2 EUR");
  }

  static final String PAIR_KIND =
      """
      package plug;

      import java.util.List;
      import org.statefun.core.io.SourceIngressSpec;
      import org.statefun.loader.io.BuiltinSources;
      import org.statefun.loader.spi.IngressComponent;
      import org.statefun.loader.spi.IngressKind;
      import org.statefun.loader.spi.RecordView;
      import org.statefun.loader.spi.SpecReader;
      import org.statefun.loader.spi.ComponentId;
      import org.statefun.sdk.io.IngressIdentifier;

      /** kind: pairs — lines "key=value" of a file; the part before '=' is the record key. */
      public class PairKind implements IngressKind {
        public String kind() { return "pairs"; }
        public List<String> specKeys() { return List.of("path"); }
        public IngressComponent<?> create(ComponentId id, SpecReader spec) {
          String path = spec.requiredPath("path", true).orElse(null);
          spec.requireValid();
          IngressIdentifier<String> ingress = new IngressIdentifier<>(String.class, id.namespace(), id.name());
          return new IngressComponent<>(
              new SourceIngressSpec<>(ingress, BuiltinSources.textLines(path, java.util.Optional.empty())),
              new PairView(), String.class);
        }

        static final class PairView implements RecordView<String> {
          public Object value(String line) { return line.substring(line.indexOf('=') + 1); }
          public boolean hasKeys() { return true; }
          public String key(String line) { return line.substring(0, line.indexOf('=')); }
        }
      }
      """;

  static final String LAST_SEEN =
      """
      package plug;

      import org.statefun.sdk.Context;
      import org.statefun.sdk.StatefulFunction;
      import org.statefun.sdk.io.EgressIdentifier;
      import org.statefun.sdk.state.Persisted;
      import org.statefun.sdk.state.PersistedAppendingBuffer;

      public class Collect implements StatefulFunction {
        static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "plug", "out");
        @Persisted final PersistedAppendingBuffer<String> seen = PersistedAppendingBuffer.of("seen", String.class);

        @Override
        public void invoke(Context context, Object message) {
          seen.append(String.valueOf(message));
          context.send(OUT, context.self().type().name() + ":" + context.self().id() + "=" + String.join(",", seen.view()));
        }
      }
      """;

  @Test
  void pluginKindWithKeysAndRateLimitedSequence(@TempDir Path dir) throws Exception {
    Path module = dir.resolve("modules/plug");
    Files.createDirectories(module);
    TestJars.build(
        module.resolve("lib/plug.jar"),
        Map.of("plug.PairKind", PAIR_KIND, "plug.Collect", LAST_SEEN),
        Map.of("META-INF/services/org.statefun.loader.spi.IngressKind", "plug.PairKind\n"));
    Files.writeString(module.resolve("pairs.txt"), "x=1\ny=2\nx=3\n");
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions:
          - { type: plug/pairs, class: plug.Collect }
          - { type: plug/numbers, class: plug.Collect }
        ingresses:
          - id: plug/pairs
            kind: pairs
            spec: { path: pairs.txt }
          - id: plug/numbers
            kind: sequence
            spec: { from: 10, to: 13, rate-per-second: 20 }
        routers:
          - { ingress: plug/pairs, target: plug/pairs, id: key }
          - { ingress: plug/numbers, target: plug/numbers }
        egresses:
          - id: plug/out
            kind: print
            spec: { prefix: "plug> " }
        """);

    assertThat(EntrypointRuns.printedLines(dir, "plug> "))
        .containsExactlyInAnyOrder(
            "plug> pairs:x=1",
            "plug> pairs:y=2",
            "plug> pairs:x=1,3",
            "plug> numbers:10=10",
            "plug> numbers:11=11",
            "plug> numbers:12=12",
            "plug> numbers:13=13");
  }

  /** The lines of every finished (visible) part file in {@code directory}. */
  private static List<String> lines(Path directory) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (!file.getFileName().toString().startsWith(".")) {
          lines.addAll(Files.readAllLines(file));
        }
      }
    }
    return lines;
  }
}
