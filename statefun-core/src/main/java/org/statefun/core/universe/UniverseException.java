package org.statefun.core.universe;

import java.util.List;

/** The bindings of the modules do not form a valid application; lists every problem found. */
public final class UniverseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public UniverseException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as one sentence naming the identifiers involved. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems");
    sb.append(" in the stateful functions modules:");
    for (String problem : problems) {
      sb.append("\n  - ").append(problem);
    }
    return sb.toString();
  }
}
