package org.statefun.loader;

import java.nio.file.Path;
import java.util.List;
import org.statefun.loader.yaml.Problem;

/** The modules cannot run; carries every problem found, each with its location. */
public final class ModuleLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;
  private final transient List<String> warnings;

  public ModuleLoadException(List<Problem> problems, Path base) {
    this(problems, base, List.of());
  }

  /**
   * @param warnings what loading noticed besides the problems (e.g. Java module classes that no
   *     services file registers), listed after them, one line each
   */
  public ModuleLoadException(List<Problem> problems, Path base, List<String> warnings) {
    super(
        format(problems, base) + warnings.stream().map(w -> "\n  " + w).reduce("", String::concat));
    this.problems = List.copyOf(problems);
    this.warnings = List.copyOf(warnings);
  }

  /** The warnings, one line each, with files named relative to the modules directory. */
  public List<String> warnings() {
    return warnings;
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String format(List<Problem> problems, Path base) {
    StringBuilder sb = new StringBuilder();
    sb.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems")
        .append(" in the modules:");
    for (Problem problem : problems) {
      sb.append("\n  ").append(problem.describe(base));
    }
    return sb.toString();
  }
}
