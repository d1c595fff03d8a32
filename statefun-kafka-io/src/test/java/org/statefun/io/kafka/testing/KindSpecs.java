package org.statefun.io.kafka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.statefun.loader.spi.ComponentId;
import org.statefun.loader.spi.InvalidSpecException;
import org.statefun.loader.spi.SpecReader;
import org.statefun.loader.yaml.EnvSubstitution;
import org.statefun.loader.yaml.MapReader;
import org.statefun.loader.yaml.Problem;
import org.statefun.loader.yaml.Problems;
import org.statefun.loader.yaml.YamlMap;
import org.statefun.loader.yaml.YamlReader;
import org.statefun.loader.yaml.YamlSpecReader;

/**
 * Hands a kind a {@code spec:} written as YAML, the way the loader does: its keys checked against
 * the kind's {@code specKeys()} first, then a {@link YamlSpecReader} over it (named {@code spec} in
 * messages, in a file {@code spec.yaml}).
 */
public final class KindSpecs {
  private KindSpecs() {}

  /** What the kind made of a spec, or the problems it reported (file:line:column: message). */
  public record Outcome<T>(T created, List<String> problems) {}

  public static <T> Outcome<T> create(
      Path dir,
      String yaml,
      List<String> specKeys,
      String id,
      BiFunction<ComponentId, SpecReader, T> kind) {
    Path file = dir.resolve("spec.yaml");
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Problems problems = new Problems();
    YamlMap spec =
        (YamlMap)
            new YamlReader(new EnvSubstitution(Map.of()))
                .readDocuments(file, problems)
                .orElseThrow()
                .get(0);
    new MapReader(spec, "spec", problems).allowOnly(specKeys);
    T created = null;
    // The loader creates nothing from a spec with unknown keys.
    if (problems.isEmpty()) {
      try {
        created =
            kind.apply(
                ComponentId.parse(id).orElseThrow(),
                new YamlSpecReader(
                    spec, "spec", problems, "m", dir, KindSpecs.class.getClassLoader()));
      } catch (InvalidSpecException e) {
        // the problems are in problems
      }
    }
    return new Outcome<>(
        created, problems.sorted().stream().map((Problem p) -> p.describe(dir)).toList());
  }
}
