package org.statefun.loader.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a complete module directory as a user would ship it — module.yaml, a jar built against
 * statefun-core, and an input file — whose classes exist nowhere else. Its function {@code
 * ext/counter} counts each word and prints {@code <prefix><word>#<count> own}, where {@code own}
 * says that the function ran with its own class loader as thread context class loader.
 */
public final class CounterModule {
  private CounterModule() {}

  static final String COUNTER =
      """
      package ext;

      import org.statefun.sdk.Context;
      import org.statefun.sdk.StatefulFunction;
      import org.statefun.sdk.io.EgressIdentifier;
      import org.statefun.sdk.state.Persisted;
      import org.statefun.sdk.state.PersistedValue;

      public class Counter implements StatefulFunction {
        static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "ext", "out");
        @Persisted final PersistedValue<Integer> seen = PersistedValue.of("seen", Integer.class);

        @Override
        public void invoke(Context context, Object message) {
          int n = seen.updateAndGet(v -> v == null ? 1 : v + 1);
          String loader = Thread.currentThread().getContextClassLoader() == getClass().getClassLoader() ? "own" : "other";
          context.send(OUT, message + "#" + n + " " + loader);
        }
      }
      """;

  /**
   * Writes the module to {@code modulesDirectory/ext}: {@code ext.jar}, {@code words.txt} holding
   * {@code words} (one per line) and a module.yaml printing with {@code prefix}.
   *
   * @return the module directory
   */
  public static Path write(Path modulesDirectory, String prefix, String words) throws IOException {
    Path module = Files.createDirectories(modulesDirectory.resolve("ext"));
    TestJars.build(module.resolve("ext.jar"), Map.of("ext.Counter", COUNTER), Map.of());
    Files.writeString(module.resolve("words.txt"), words);
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions:
          - type: ext/counter
            class: ext.Counter
        ingresses:
          - id: ext/words
            kind: file
            spec: { path: words.txt }
        routers:
          - ingress: ext/words
            target: ext/counter
        egresses:
          - id: ext/out
            kind: print
            spec: { prefix: "PREFIX" }
        """
            .replace("PREFIX", prefix));
    return module;
  }
}
