package org.statefun.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's examples are the test sources in {@code org.example} (GreeterFn, GreeterFnTest,
 * GreeterIT), which compile and run with this module's tests: the README's text must match them
 * (whitespace aside, since the sources are formatted).
 */
class ReadmeExamplesTest {

  private static final Path README = Path.of("../README.md");
  private static final Path SOURCES = Path.of("src/test/java/org/example");

  @Test
  void theReadmesJavaExamplesAreTheTestedSources() throws Exception {
    List<String> blocks = javaBlocks(Files.readString(README));
    for (String name : List.of("GreeterFn", "GreeterFnTest", "GreeterIT")) {
      String source = Files.readString(SOURCES.resolve(name + ".java"));
      assertThat(blocks.stream().map(ReadmeExamplesTest::squeeze))
          .as("README.md shows %s.java as it is in %s", name, SOURCES)
          .contains(squeeze(source));
    }
  }

  @Test
  void theReadmesModuleYamlIsTheTestedOne() throws Exception {
    String yaml = Files.readString(Path.of("src/test/modules/hello/module.yaml"));
    assertThat(squeeze(Files.readString(README))).contains(squeeze(yaml));
  }

  private static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private static String squeeze(String text) {
    return text.replaceAll("\\s+", "");
  }
}
