package org.statefun.loader.yaml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects problems, so that all of them are reported together. */
public final class Problems {

  private final List<Problem> problems = new ArrayList<>();

  public void add(Location location, String message) {
    problems.add(new Problem(location, message));
  }

  public void addAll(Problems other) {
    problems.addAll(other.problems);
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  public int size() {
    return problems.size();
  }

  /** The problems ordered by file, line and column; problems of one place keep their order. */
  public List<Problem> sorted() {
    List<Problem> copy = new ArrayList<>(problems);
    copy.sort(
        Comparator.comparing((Problem p) -> p.location().file().toString())
            .thenComparingInt(p -> p.location().line())
            .thenComparingInt(p -> p.location().column()));
    return copy;
  }
}
