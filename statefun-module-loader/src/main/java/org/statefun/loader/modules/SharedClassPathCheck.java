package org.statefun.loader.modules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.statefun.loader.yaml.Location;
import org.statefun.loader.yaml.Problems;

/**
 * Checks that the jars of all modules can share one class loader, as they do on the TaskManagers
 * (all module jars ship with the job as its user jars). Two modules may carry the same class only
 * with identical bytes, and no module may carry runtime classes ({@link
 * ModuleClassLoader#RUNTIME_PACKAGES}), which must come from the runtime.
 */
public final class SharedClassPathCheck {
  private SharedClassPathCheck() {}

  private static final List<String> RUNTIME_PACKAGES =
      ModuleClassLoader.RUNTIME_PACKAGES.stream().map(p -> p.replace('.', '/')).toList();

  private record Definition(String module, Path jar, long crc) {}

  /** Adds a problem for each conflicting or runtime class, one per jar and kind of problem. */
  public static void check(List<ModuleDirectory> modules, Problems problems) {
    Map<String, Definition> seen = new HashMap<>();
    for (ModuleDirectory module : modules) {
      for (Path jar : module.jars()) {
        checkJar(module, jar, seen, problems);
      }
    }
  }

  private static void checkJar(
      ModuleDirectory module, Path jar, Map<String, Definition> seen, Problems problems) {
    String runtimeClass = null;
    String conflict = null;
    Definition conflictWith = null;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (!name.endsWith(".class")
            || name.startsWith("META-INF/")
            || name.endsWith("module-info.class")) {
          continue;
        }
        if (runtimeClass == null && RUNTIME_PACKAGES.stream().anyMatch(name::startsWith)) {
          runtimeClass = name;
          continue;
        }
        Definition mine = new Definition(module.name(), jar, entry.getCrc());
        Definition previous = seen.putIfAbsent(name, mine);
        if (conflict == null
            && previous != null
            && !previous.module().equals(module.name())
            && previous.crc() != mine.crc()) {
          conflict = name;
          conflictWith = previous;
        }
      }
    } catch (IOException e) {
      problems.add(Location.of(jar), "cannot read the jar: " + e);
      return;
    }
    if (runtimeClass != null) {
      problems.add(
          Location.of(jar),
          "the jar bundles runtime classes (for example "
              + runtimeClass
              + "); build it against statefun-core and Flink with <scope>provided</scope>");
    }
    if (conflict != null) {
      problems.add(
          Location.of(jar),
          "class "
              + conflict.substring(0, conflict.length() - ".class".length()).replace('/', '.')
              + " differs from the one in module '"
              + conflictWith.module()
              + "' ("
              + conflictWith.jar().getFileName()
              + "); all module jars share one class loader on the TaskManagers, so use the same"
              + " version of that library in both modules, or shade it in one");
    }
  }
}
