package org.statefun.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources at test time, so that two versions of the same class name (before and after
 * an evolution) can each be loaded by its own class loader.
 */
final class CompiledClasses {
  private CompiledClasses() {}

  /**
   * Compiles {@code sources} (each a complete compilation unit; the file is named after its first
   * public type) into {@code directory} and returns a class loader for them whose parent is the
   * test's class loader.
   */
  static URLClassLoader compile(Path directory, String... sources) {
    try {
      Path sourceRoot = Files.createDirectories(directory.resolve("src"));
      Path classes = Files.createDirectories(directory.resolve("classes"));
      List<Path> files = new ArrayList<>();
      for (String source : sources) {
        Path file =
            sourceRoot.resolve(packagePath(source)).resolve(publicTypeName(source) + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        files.add(file);
      }
      JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
      StringWriter diagnostics = new StringWriter();
      try (StandardJavaFileManager fileManager =
          compiler.getStandardFileManager(null, null, null)) {
        Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(files);
        boolean compiled =
            compiler
                .getTask(
                    diagnostics, fileManager, null, List.of("-d", classes.toString()), null, units)
                .call();
        assertThat(compiled).as("compiling test classes: %s", diagnostics).isTrue();
      }
      return new URLClassLoader(
          new URL[] {classes.toUri().toURL()}, CompiledClasses.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads {@code className} from {@code loader}. */
  static Class<?> load(ClassLoader loader, String className) {
    try {
      return Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String packagePath(String source) {
    for (String line : source.lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.startsWith("package ")) {
        return trimmed.substring("package ".length(), trimmed.indexOf(';')).replace('.', '/');
      }
    }
    return "";
  }

  private static String publicTypeName(String source) {
    for (String keyword : List.of("public record ", "public final class ", "public class ")) {
      int at = source.indexOf(keyword);
      if (at >= 0) {
        String rest = source.substring(at + keyword.length());
        int end = 0;
        while (end < rest.length() && Character.isJavaIdentifierPart(rest.charAt(end))) {
          end++;
        }
        return rest.substring(0, end);
      }
    }
    throw new IllegalArgumentException("No public type in source:\n" + source);
  }
}
