package org.statefun.core.universe;

import java.util.List;

/** The bindings of the modules do not form a valid application; lists every problem found. */
public final class UniverseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<UniverseProblem> problems;

  public UniverseException(List<UniverseProblem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, each with the binding it is about. */
  public List<UniverseProblem> problems() {
    return problems;
  }

  private static String format(List<UniverseProblem> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems");
    sb.append(" in the stateful functions modules:");
    for (UniverseProblem problem : problems) {
      sb.append("\n  - ").append(problem.message());
    }
    return sb.toString();
  }
}
