package org.statefun.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * README's "Writing a function" shows the files of {@code bin/statefun new hello} completely: each
 * is the archetype's template with {@code hello} and {@code org.example.hello} filled in.
 */
class QuickstartReadmeTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path TEMPLATES =
      ROOT.resolve("statefun-quickstart/src/main/resources/archetype-resources");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "src/main/java/GreeterFn.java",
        "src/main/java/NamesRouter.java",
        "src/main/java/GreeterModule.java",
        "modules/__artifactId__/module.yaml"
      })
  void readmeShowsTheGeneratedFile(String template) throws IOException {
    String generated =
        Files.readString(TEMPLATES.resolve(template))
            .replace("${package}", "org.example.hello")
            .replace("${artifactId}", "hello");
    String fence = template.endsWith(".java") ? "```java\n" : "```yaml\n";
    assertThat(Files.readString(ROOT.resolve("README.md"))).contains(fence + generated + "```\n");
  }
}
