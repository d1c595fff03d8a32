package org.statefun.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The docs show the files of {@code bin/statefun new hello} completely (README's "Writing a
 * function" the function and module.yaml, docs/functions.md the router and the Java module): each
 * is the archetype's template with {@code hello} and {@code org.example.hello} filled in.
 */
class QuickstartReadmeTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path TEMPLATES =
      ROOT.resolve("statefun-quickstart/src/main/resources/archetype-resources");

  @ParameterizedTest
  @CsvSource({
    "README.md, src/main/java/GreeterFn.java",
    "README.md, modules/__artifactId__/module.yaml",
    "docs/functions.md, src/main/java/NamesRouter.java",
    "docs/functions.md, src/main/java/GreeterModule.java"
  })
  void docsShowTheGeneratedFile(String document, String template) throws IOException {
    String generated =
        Files.readString(TEMPLATES.resolve(template))
            .replace("${package}", "org.example.hello")
            .replace("${artifactId}", "hello");
    String fence = template.endsWith(".java") ? "```java\n" : "```yaml\n";
    assertThat(Files.readString(ROOT.resolve(document))).contains(fence + generated + "```\n");
  }
}
