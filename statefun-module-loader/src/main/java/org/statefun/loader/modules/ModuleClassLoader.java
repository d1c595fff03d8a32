package org.statefun.loader.modules;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class loader of one module: its jars first, then the runtime's class loader, except for the
 * packages in {@link #PARENT_FIRST}, which always come from the runtime so that modules and the
 * runtime agree on the statefun, Flink, Kafka client and logging classes.
 */
public final class ModuleClassLoader extends URLClassLoader {

  /**
   * The packages of the statefun runtime (SDK, core, loader, IO modules such as {@code
   * org.statefun.io.kafka}) and of what it shares with modules: Flink and the Kafka client.
   */
  public static final List<String> RUNTIME_PACKAGES =
      List.of(
          "org.statefun.sdk.",
          "org.statefun.core.",
          "org.statefun.loader.",
          "org.statefun.io.",
          "org.apache.flink.",
          "org.apache.kafka.");

  /** Package prefixes always loaded from the parent (the runtime): the JDK, runtime, logging. */
  public static final List<String> PARENT_FIRST =
      Stream.concat(
              Stream.of(
                  "java.", "javax.", "jdk.", "sun.", "org.slf4j.", "org.apache.logging.log4j."),
              RUNTIME_PACKAGES.stream())
          .toList();

  static {
    ClassLoader.registerAsParallelCapable();
  }

  private final String moduleName;

  public ModuleClassLoader(String moduleName, List<Path> jars, ClassLoader parent) {
    super("statefun-module-" + moduleName, urls(jars), parent);
    this.moduleName = moduleName;
  }

  public String moduleName() {
    return moduleName;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (parentFirst(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        try {
          loaded = findClass(name);
        } catch (ClassNotFoundException e) {
          loaded = getParent().loadClass(name);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  public URL getResource(String name) {
    if (parentFirst(name.replace('/', '.'))) {
      return super.getResource(name);
    }
    URL own = findResource(name);
    return own != null ? own : getParent().getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
    all.addAll(Collections.list(getParent().getResources(name)));
    return Collections.enumeration(all);
  }

  private static boolean parentFirst(String name) {
    for (String prefix : PARENT_FIRST) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static URL[] urls(List<Path> jars) {
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("Not a valid jar path: " + jars.get(i), e);
      }
    }
    return urls;
  }
}
