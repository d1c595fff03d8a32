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
 * The examples of docs/testing.md are the test sources in {@code org.example} (GreeterFn,
 * GreeterFnTest, GreeterIT), which compile and run with this module's tests: the page must match
 * them (whitespace aside, since the sources are formatted).
 */
class DocsExamplesTest {

  private static final Path PAGE = Path.of("../docs/testing.md");
  private static final Path SOURCES = Path.of("src/test/java/org/example");

  @Test
  void thePagesJavaExamplesAreTheTestedSources() throws Exception {
    List<String> blocks = javaBlocks(Files.readString(PAGE));
    for (String name : List.of("GreeterFn", "GreeterFnTest", "GreeterIT")) {
      String source = Files.readString(SOURCES.resolve(name + ".java"));
      assertThat(blocks.stream().map(DocsExamplesTest::squeeze))
          .as("docs/testing.md shows %s.java as it is in %s", name, SOURCES)
          .contains(squeeze(source));
    }
  }

  @Test
  void thePagesModuleYamlIsTheTestedOne() throws Exception {
    String yaml = Files.readString(Path.of("src/test/modules/hello/module.yaml"));
    assertThat(squeeze(Files.readString(PAGE))).contains(squeeze(yaml));
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
