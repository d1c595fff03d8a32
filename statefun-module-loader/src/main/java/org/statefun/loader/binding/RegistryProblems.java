package org.statefun.loader.binding;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.statefun.core.universe.UniverseProblem;
import org.statefun.loader.yaml.Location;
import org.statefun.loader.yaml.Problems;
import org.statefun.sdk.DeadLetter;

/**
 * Reports the registry's problems where they are to be fixed: a problem about a module.yaml entry
 * at its line, worded in module.yaml's keys; one about a Java module at its jar, naming the class;
 * one about the universe as a whole at the modules directory.
 */
public final class RegistryProblems {

  private final Path root;
  private final Problems problems;
  private String missingNote = "";

  /**
   * @param root the modules directory; places are named relative to it
   * @param problems where the problems are reported
   */
  public RegistryProblems(Path root, Problems problems) {
    this.root = Objects.requireNonNull(root, "root");
    this.problems = Objects.requireNonNull(problems, "problems");
  }

  /**
   * Appends {@code note} (e.g. "; class X is not registered") to the problems that nothing or no
   * function type is bound.
   */
  public RegistryProblems withMissingFunctionsNote(String note) {
    this.missingNote = Objects.requireNonNull(note, "note");
    return this;
  }

  public void report(List<UniverseProblem> found) {
    found.forEach(this::report);
  }

  private void report(UniverseProblem problem) {
    if (problem.origin().isEmpty()) {
      boolean noFunctions =
          problem instanceof UniverseProblem.MissingBindings
              && (problem.message().startsWith("Nothing is bound")
                  || problem.message().startsWith("No function type is bound"));
      problems.add(Location.of(root), problem.message() + (noFunctions ? missingNote : ""));
      return;
    }
    Origin at = Origin.of(problem.origin().get());
    if (problem instanceof UniverseProblem.DuplicateBinding duplicate) {
      problems.add(at.location(), duplicate(duplicate));
    } else if (!at.isYaml()) {
      problems.add(at.location(), "Java module " + at.javaModule() + ": " + problem.message());
    } else if (problem instanceof UniverseProblem.UnboundRouterIngress router) {
      problems.add(
          at.reference(),
          namesUnbound(
              at, "ingress", "ingress", router.ingress(), router.boundIngresses(), "ingresses"));
    } else if (problem instanceof UniverseProblem.IngressWithoutRouter ingress) {
      problems.add(
          at.location(),
          "ingress '"
              + ingress.ingress()
              + "' has no router; add a routers: entry with 'ingress: "
              + ingress.ingress()
              + "' so its records reach functions");
    } else if (problem instanceof UniverseProblem.UnboundDeadLetterEgress egress) {
      problems.add(
          at.reference(),
          namesUnbound(
              at,
              "dead-letter-egress",
              "egress",
              egress.egress(),
              egress.boundEgresses(),
              "egresses"));
    } else if (problem instanceof UniverseProblem.DeadLetterEgressRejects egress) {
      problems.add(
          at.reference(),
          "'"
              + at.path()
              + ".dead-letter-egress' names egress '"
              + egress.egress()
              + "', which accepts "
              + egress.accepted().getName()
              + "; dead letters need an egress that accepts "
              + DeadLetter.class.getName()
              + " (print and file egresses accept any message)");
    } else {
      problems.add(at.location(), problem.message());
    }
  }

  /** Reported at the second binding, naming the first. */
  private String duplicate(UniverseProblem.DuplicateBinding duplicate) {
    Origin first = Origin.of(duplicate.first());
    return duplicate.what()
        + " '"
        + duplicate.id()
        + "' is already bound by "
        + (first.isYaml() ? first.path() + " of " : "")
        + first.describe(root)
        + "; ids and function types must be unique across all modules";
  }

  /**
   * {@code '<path>.<key>' names <what> '<id>', which no module binds}, with a did-you-mean hint.
   */
  private static String namesUnbound(
      Origin at, String key, String what, String id, List<String> bound, String plural) {
    return "'"
        + at.path()
        + "."
        + key
        + "' names "
        + what
        + " '"
        + id
        + "', which no module binds"
        + RouterResolver.unknownHint(id, new LinkedHashSet<>(bound), plural);
  }
}
