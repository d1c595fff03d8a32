package org.statefun.loader.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds module jars at test time from Java source text, compiled against the test class path
 * (statefun-core). The classes exist only in the jar, never on the test class path, so tests see
 * exactly what a user's separately built module jar would give.
 */
public final class TestJars {
  private TestJars() {}

  /**
   * Compiles {@code sources} (fully qualified class name → source) and writes a jar with the
   * classes and {@code resources} (path → text, e.g. META-INF/services files).
   */
  public static Path build(Path jar, Map<String, String> sources, Map<String, String> resources)
      throws IOException {
    Path work = Files.createTempDirectory("statefun-test-jar");
    Path src = work.resolve("src");
    Path classes = work.resolve("classes");
    Files.createDirectories(classes);
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                classes.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-proc:none",
                "-nowarn"));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    OutputStream sink = OutputStream.nullOutputStream();
    int code =
        compiler.run(
            null,
            sink,
            new java.io.PrintStream(new WriterStream(errors), true),
            args.toArray(String[]::new));
    if (code != 0) {
      throw new IllegalStateException("Compilation failed:\n" + errors);
    }
    List<Path> files;
    try (Stream<Path> all = Files.walk(classes)) {
      files = all.filter(Files::isRegularFile).sorted().toList();
    }
    return write(jar, classes, files, resources);
  }

  /**
   * Writes a jar with the compiled classes of {@code anchor}'s package (from the test class path)
   * and {@code resources} (path → text). Classes outside the runtime's packages load from a
   * module's own jars first, so a module with this jar defines them itself.
   */
  public static Path ofPackage(Path jar, Class<?> anchor, Map<String, String> resources)
      throws IOException {
    Path classes;
    try {
      classes = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    Path pkg = classes.resolve(anchor.getPackageName().replace('.', '/'));
    List<Path> files;
    try (Stream<Path> all = Files.list(pkg)) {
      files = all.filter(f -> f.toString().endsWith(".class")).sorted().toList();
    }
    return write(jar, classes, files, resources);
  }

  /**
   * Writes {@code files} (named relative to {@code root}) and {@code resources} into {@code jar}.
   */
  private static Path write(Path jar, Path root, List<Path> files, Map<String, String> resources)
      throws IOException {
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Path file : files) {
        out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
      for (Map.Entry<String, String> resource : resources.entrySet()) {
        out.putNextEntry(new JarEntry(resource.getKey()));
        out.write(resource.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return jar;
  }

  /** Adapts a Writer for the compiler's diagnostics stream. */
  private static final class WriterStream extends OutputStream {
    private final StringWriter target;

    WriterStream(StringWriter target) {
      this.target = target;
    }

    @Override
    public void write(int b) {
      target.write(b);
    }
  }
}
