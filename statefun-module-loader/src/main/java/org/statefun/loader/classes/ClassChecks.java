package org.statefun.loader.classes;

import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.statefun.loader.modules.ModuleClassLoader;
import org.statefun.loader.yaml.DidYouMean;

/** Loads a class named in module.yaml and checks it can be used as intended. */
public final class ClassChecks {
  private ClassChecks() {}

  /** Why a named class cannot be used; the message names the class and what was expected. */
  public static final class ClassProblem extends Exception {
    private static final long serialVersionUID = 1L;

    ClassProblem(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Loads {@code name} through {@code classLoader} and checks that it is a {@code supertype}; with
   * {@code needsNoArgConstructor}, also that it is public, concrete and has a public no-argument
   * constructor, and runs its static initializer (it is about to be instantiated).
   *
   * @param moduleName the module, for messages
   * @throws ClassProblem when the class is missing or unfit
   */
  public static <T> Class<? extends T> load(
      String name,
      Class<T> supertype,
      boolean needsNoArgConstructor,
      ClassLoader classLoader,
      String moduleName)
      throws ClassProblem {
    Class<?> loaded;
    try {
      loaded = Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException e) {
      throw new ClassProblem(
          "class '"
              + name
              + "' is not found in module '"
              + moduleName
              + "' (its jars and the runtime)"
              + nearMiss(name, classLoader).map(c -> "; did you mean '" + c + "'?").orElse(""));
    } catch (LinkageError e) {
      throw new ClassProblem("class '" + name + "' cannot be loaded: " + e);
    }
    if (!supertype.isAssignableFrom(loaded)) {
      throw new ClassProblem("class '" + name + "' does not implement " + supertype.getName());
    }
    if (needsNoArgConstructor) {
      int modifiers = loaded.getModifiers();
      if (loaded.isInterface() || Modifier.isAbstract(modifiers)) {
        throw new ClassProblem("class '" + name + "' is abstract; name a concrete class");
      }
      boolean innerClass = loaded.getEnclosingClass() != null && !Modifier.isStatic(modifiers);
      if (!Modifier.isPublic(modifiers) || innerClass) {
        throw new ClassProblem(
            "class '" + name + "' is not a public top-level or public static nested class");
      }
      try {
        if (!Modifier.isPublic(loaded.getDeclaredConstructor().getModifiers())) {
          throw new NoSuchMethodException();
        }
      } catch (NoSuchMethodException e) {
        throw new ClassProblem("class '" + name + "' has no public no-argument constructor");
      } catch (LinkageError e) {
        throw new ClassProblem("class '" + name + "' cannot be loaded: " + e);
      }
      initialize(loaded);
    }
    return loaded.asSubclass(supertype);
  }

  /**
   * Runs the static initializer of a class that is about to be instantiated, so that its failure is
   * a problem at the line naming the class instead of an error out of the first constructor call.
   */
  private static void initialize(Class<?> type) throws ClassProblem {
    try {
      Class.forName(type.getName(), true, type.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ClassProblem("class '" + type.getName() + "' cannot be loaded: " + e);
    } catch (LinkageError e) {
      throw new ClassProblem(InitializationFailures.describe(type.getName(), e));
    }
  }

  /**
   * The class of the module's own jars that {@code name} most likely misspells: one of the same
   * package whose simple name is a near miss, else one whose full name is. Only read (class file
   * headers) when a class is missing, never loaded.
   */
  static Optional<String> nearMiss(String name, ClassLoader classLoader) {
    if (!(classLoader instanceof ModuleClassLoader loader)) {
      return Optional.empty();
    }
    List<Path> jars = new ArrayList<>();
    for (URL url : ((URLClassLoader) loader).getURLs()) {
      try {
        if ("file".equals(url.getProtocol())) {
          jars.add(Path.of(url.toURI()));
        }
      } catch (URISyntaxException | IllegalArgumentException e) {
        // not a local jar: nothing to suggest from it
      }
    }
    List<String> names =
        JarClasses.read(jars).names().stream().filter(n -> !n.contains("$")).toList();
    String pkg = packageOf(name);
    List<String> samePackage =
        names.stream().filter(n -> packageOf(n).equals(pkg)).map(ClassChecks::simpleName).toList();
    Optional<String> simple = DidYouMean.closest(simpleName(name), samePackage);
    if (simple.isPresent()) {
      return Optional.of(pkg.isEmpty() ? simple.get() : pkg + "." + simple.get());
    }
    return DidYouMean.closest(name, names);
  }

  private static String packageOf(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(0, dot);
  }

  private static String simpleName(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
