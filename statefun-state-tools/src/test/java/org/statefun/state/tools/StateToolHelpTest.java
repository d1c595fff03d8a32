package org.statefun.state.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One voice for {@code bin/statefun state --help}: the Java entrypoint prints exactly the help
 * bin/statefun prints (without building anything), and its options are those docs/cli.md tables
 * (CommandLineHelpIT checks bin/statefun's side against docs/cli.md).
 */
class StateToolHelpTest {
  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

  @Test
  void theJavaHelpIsTheHelpOfBinStatefunAndListsTheDocumentedOptions() throws Exception {
    Process process =
        new ProcessBuilder("bash", "bin/statefun", "state", "--help")
            .directory(REPOSITORY.toFile())
            .redirectErrorStream(true)
            .start();
    String script = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).isZero();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        new StateTool(
                Map.of(),
                REPOSITORY,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .run("inspect", "--help");
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(script);
    assertThat(StateTool.USAGE + "\n").isEqualTo(script);
    assertThat(options(StateTool.USAGE.lines().toList())).isEqualTo(documentedOptions());
  }

  private static List<String> options(List<String> help) {
    List<String> options = new ArrayList<>();
    boolean inOptions = false;
    for (String line : help) {
      if (line.startsWith("Options")) {
        inOptions = true;
      } else if (inOptions && line.startsWith("  ") && line.charAt(2) != ' ') {
        int gap = line.indexOf("  ", 2);
        options.add((gap < 0 ? line.substring(2) : line.substring(2, gap)).strip());
      }
    }
    return options;
  }

  private static List<String> documentedOptions() throws Exception {
    List<String> lines = Files.readAllLines(REPOSITORY.resolve("docs/cli.md"));
    int heading = lines.indexOf("## bin/statefun state");
    assertThat(heading).isNotNegative();
    List<String> options = new ArrayList<>();
    for (String line : lines.subList(heading + 1, lines.size())) {
      if (line.startsWith("| `")) {
        String cell = line.split("\\|")[1].strip();
        options.add(cell.substring(1, cell.length() - 1));
      } else if (!options.isEmpty()) {
        break;
      }
    }
    return options;
  }
}
