package org.statefun.loader.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.loader.ModuleLoadException;
import org.statefun.loader.ModuleLoader;
import org.statefun.loader.yaml.Problems;

/**
 * A module.yaml that is not a regular file is a problem at that path, never silently skipped: real
 * directories, symbolic links, a FIFO and a device. None of them is ever opened (a FIFO would
 * block).
 */
class ModuleYamlFileTest {

  private static final String VALID =
      """
      version: 1
      functions: [{ type: fixtures/echo, class: org.statefun.loader.fixtures.EchoFunction }]
      ingresses: [{ id: fixtures/numbers, kind: sequence, spec: { from: 1, to: 3 } }]
      routers: [{ ingress: fixtures/numbers, target: fixtures/echo }]
      """;

  @Test
  void everyKindOfNonRegularModuleYamlIsAProblem(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("a-directory/module.yaml"));
    Files.createDirectories(dir.resolve("dangling"));
    Files.createSymbolicLink(dir.resolve("dangling/module.yaml"), dir.resolve("nowhere.yaml"));
    Files.createDirectories(dir.resolve("device"));
    Files.createSymbolicLink(dir.resolve("device/module.yaml"), Path.of("/dev/null"));
    Files.createDirectories(dir.resolve("fifo"));
    mkfifo(dir.resolve("fifo/module.yaml"));
    Files.createDirectories(dir.resolve("linked-directory"));
    Files.createSymbolicLink(
        dir.resolve("linked-directory/module.yaml"), dir.resolve("a-directory"));

    Problems problems = new Problems();
    assertThat(ModulesDirectory.scan(dir, problems)).isEmpty();
    assertThat(problems.sorted().stream().map(p -> p.describe(dir)))
        .containsExactly(
            "a-directory/module.yaml: module.yaml is a directory; it must be a regular file (or absent, for a module of jars only)",
            "dangling/module.yaml: module.yaml is a symbolic link to "
                + dir.resolve("nowhere.yaml")
                + ", which does not exist; it must be a regular file (or absent, for a module of jars only)",
            "device/module.yaml: module.yaml is a device (through a symbolic link to /dev/null); it must be a regular file (or absent, for a module of jars only)",
            "fifo/module.yaml: module.yaml is a named pipe (FIFO); it must be a regular file (or absent, for a module of jars only)",
            "linked-directory/module.yaml: module.yaml is a directory (through a symbolic link to "
                + dir.resolve("a-directory")
                + "); it must be a regular file (or absent, for a module of jars only)");
  }

  @Test
  void aNonRegularModuleYamlFailsTheLoadEvenWhenOtherModulesAreFine(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("good"));
    Files.writeString(dir.resolve("good/module.yaml"), VALID);
    Files.createDirectories(dir.resolve("bad/module.yaml"));
    assertThatThrownBy(
            () -> new ModuleLoader(getClass().getClassLoader(), Map.of()).load(dir, Map.of()))
        .isInstanceOfSatisfying(
            ModuleLoadException.class,
            e ->
                assertThat(e.problems().stream().map(p -> p.describe(dir)))
                    .containsExactly(
                        "bad/module.yaml: module.yaml is a directory; it must be a regular file (or absent, for a module of jars only)"));
  }

  @Test
  void aSymbolicLinkToARegularFileIsARegularModuleYaml(@TempDir Path dir) throws Exception {
    Path shared = Files.writeString(dir.resolve("shared.yaml"), VALID);
    Files.createDirectories(dir.resolve("modules/linked"));
    Files.createSymbolicLink(dir.resolve("modules/linked/module.yaml"), shared);
    Problems problems = new Problems();
    assertThat(ModulesDirectory.scan(dir.resolve("modules"), problems))
        .singleElement()
        .satisfies(m -> assertThat(m.yaml()).contains(dir.resolve("modules/linked/module.yaml")));
    assertThat(problems.isEmpty()).isTrue();
  }

  @Test
  void aModulesDirectoryThatIsAFileIsNamedAsSuch(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("modules"), "not a directory");
    Problems problems = new Problems();
    assertThat(ModulesDirectory.scan(file, problems)).isEmpty();
    assertThat(problems.sorted().stream().map(p -> p.describe(dir)))
        .containsExactly(
            "modules: the modules directory is not a directory; pass --modules DIR, or create it with one subdirectory per module");
  }

  private static void mkfifo(Path path) throws Exception {
    Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertThat(process.waitFor()).isZero();
  }
}
