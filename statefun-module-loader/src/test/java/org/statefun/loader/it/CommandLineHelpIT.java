package org.statefun.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.statefun.loader.JobArguments;
import org.statefun.loader.ValidateModules;

/**
 * One CLI voice: each command's {@code --help} of bin/statefun, run as the user runs it, describes
 * that command, lists exactly the options of its table in docs/cli.md, and builds nothing (mvn and
 * java on the PATH are stand-ins that leave a mark). The Java entrypoints' usage texts list the
 * same options.
 */
class CommandLineHelpIT {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of("", new String[] {"--help"}),
        Arguments.of("", new String[] {"-h"}),
        Arguments.of("run", new String[] {"run", "--help"}),
        Arguments.of(
            "run", new String[] {"run", "--modules=somewhere", "--parallelism", "2", "-h"}),
        Arguments.of("validate", new String[] {"validate", "--help"}),
        Arguments.of("validate", new String[] {"validate", "somewhere", "--config=x", "--help"}),
        Arguments.of("kafka", new String[] {"kafka", "--help"}),
        Arguments.of("kafka", new String[] {"kafka", "start", "--help"}),
        Arguments.of("kafka", new String[] {"kafka", "create", "t", "--partitions=2", "--help"}),
        Arguments.of("new", new String[] {"new", "--help"}),
        Arguments.of("new", new String[] {"new", "Not-A-Name", "--dir=somewhere", "-h"}),
        Arguments.of("cluster", new String[] {"cluster", "--help"}),
        Arguments.of("cluster", new String[] {"cluster", "start", "--taskmanagers", "2", "--help"}),
        Arguments.of("cluster", new String[] {"cluster", "submit", "--modules=x", "-h"}),
        // StateToolHelpTest (statefun-state-tools) checks StateTool#USAGE against the same help.
        Arguments.of("state", new String[] {"state", "--help"}),
        Arguments.of("state", new String[] {"state", "inspect", "somewhere", "--id=x", "-h"}),
        Arguments.of(
            "state", new String[] {"state", "bootstrap", "--input", "in.jsonl", "--help"}));
  }

  @ParameterizedTest(name = "bin/statefun {1}")
  @MethodSource("commands")
  void helpDescribesTheCommandListsTheDocumentedOptionsAndBuildsNothing(
      String command, String[] args, @TempDir Path dir) throws Exception {
    Path marks = dir.resolve("marks");
    Path bin = Files.createDirectories(dir.resolve("fake-bin"));
    for (String tool : List.of("mvn", "java")) {
      Path fake = bin.resolve(tool);
      Files.writeString(fake, "#!/bin/sh\necho " + tool + " >> '" + marks + "'\nexit 1\n");
      Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    List<String> commandLine = new ArrayList<>(List.of("bash", "bin/statefun"));
    commandLine.addAll(Arrays.asList(args));
    ProcessBuilder builder =
        new ProcessBuilder(commandLine)
            .directory(REPOSITORY.toFile())
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile());
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    // Where a stray build or broker would write: never the repository's own.
    builder.environment().put("STATEFUN_KAFKA_DIR", dir.resolve("kafka").toString());
    builder.environment().put("STATEFUN_LOG_DIR", dir.resolve("log").toString());
    builder.environment().put("STATEFUN_CLUSTER_DIR", dir.resolve("cluster").toString());
    Process process = builder.start();
    try {
      assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("the help ends").isTrue();
    } finally {
      process.destroyForcibly();
    }
    List<String> stdout = Files.readAllLines(dir.resolve("stdout.txt"));
    List<String> stderr = Files.readAllLines(dir.resolve("stderr.txt"));

    assertThat(process.exitValue()).as("exit code; stderr: %s", stderr).isZero();
    assertThat(stderr).as("nothing on stderr (no build output)").isEmpty();
    assertThat(marks).as("neither mvn nor java ran").doesNotExist();
    assertThat(dir.resolve("kafka")).as("nothing copied for kafka").doesNotExist();
    assertThat(dir.resolve("cluster")).as("no cluster started").doesNotExist();
    String name = command.isEmpty() ? "bin/statefun" : "bin/statefun " + command;
    assertThat(stdout.get(0)).startsWith("Usage: " + name + " ");
    assertThat(String.join("\n", stdout)).doesNotContain("building", "Usage: ValidateModules");
    assertThat(options(stdout)).isEqualTo(documentedOptions(name));

    // The Java entrypoints say the same: same Usage line, same options.
    String javaUsage =
        switch (command) {
          case "run" -> JobArguments.USAGE;
          case "validate" -> ValidateModules.USAGE;
          default -> null;
        };
    if (javaUsage != null) {
      List<String> lines = javaUsage.lines().toList();
      assertThat(lines.get(0)).isEqualTo(stdout.get(0));
      assertThat(options(lines)).isEqualTo(documentedOptions(name));
    }
  }

  /**
   * The options of a help text: in the section whose heading starts with "Options", the first
   * column of each line indented by exactly two spaces (longer indents continue a description).
   */
  static List<String> options(List<String> help) {
    List<String> options = new ArrayList<>();
    boolean inOptions = false;
    for (String line : help) {
      if (line.startsWith("Options")) {
        inOptions = true;
      } else if (inOptions && line.isBlank()) {
        break;
      } else if (inOptions && line.startsWith("  ") && line.charAt(2) != ' ') {
        int gap = line.indexOf("  ", 2);
        options.add((gap < 0 ? line.substring(2) : line.substring(2, gap)).strip());
      }
    }
    assertThat(options).as("options in the help").isNotEmpty();
    return options;
  }

  /** The first column of the first table under the heading "## {@code name}" of docs/cli.md. */
  static List<String> documentedOptions(String name) throws IOException {
    List<String> lines = Files.readAllLines(REPOSITORY.resolve("docs/cli.md"));
    int heading = lines.indexOf("## " + name);
    assertThat(heading).as("docs/cli.md has a section '## %s'", name).isNotNegative();
    List<String> options = new ArrayList<>();
    for (String line : lines.subList(heading + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (line.startsWith("|")) {
        String cell = line.split("\\|")[1].strip();
        if (cell.startsWith("`") && cell.endsWith("`")) {
          options.add(cell.substring(1, cell.length() - 1));
        }
      } else if (!options.isEmpty()) {
        break; // the end of the first table
      }
    }
    assertThat(options).as("options in docs/cli.md for %s", name).isNotEmpty();
    return options;
  }
}
