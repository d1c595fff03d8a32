package org.statefun.loader.binding;

import java.util.List;
import org.statefun.loader.yaml.ComponentId;
import org.statefun.loader.yaml.Location;
import org.statefun.loader.yaml.Problems;
import org.statefun.sdk.DeadLetter;

/**
 * Checks every module.yaml {@code dead-letter-egress} against the egresses all modules bound: it
 * must be bound and accept {@link DeadLetter}s. The universe checks the same without a location;
 * this reports the line to fix.
 */
public final class DeadLetterEgressCheck {

  /**
   * One {@code dead-letter-egress} of a module.yaml.
   *
   * @param path how it is named in messages, e.g. {@code functions[0].dead-letter-egress}
   * @param egress the egress id
   * @param location where it is written
   */
  public record Reference(String path, ComponentId egress, Location location) {}

  private final Catalog catalog;
  private final Problems problems;

  public DeadLetterEgressCheck(Catalog catalog, Problems problems) {
    this.catalog = catalog;
    this.problems = problems;
  }

  public void check(List<Reference> references) {
    references.forEach(this::check);
  }

  private void check(Reference reference) {
    String id = reference.egress().toString();
    Catalog.Egress egress = catalog.egresses().get(id);
    if (egress == null) {
      if (!catalog.hasFailed(id)) {
        problems.add(
            reference.location(),
            "'"
                + reference.path()
                + "' names egress '"
                + id
                + "', which no module binds"
                + RouterResolver.unknownHint(id, catalog.egresses().keySet(), "egresses"));
      }
      return;
    }
    Class<?> accepted = egress.spec().id().consumedType();
    if (!accepted.isAssignableFrom(DeadLetter.class)) {
      problems.add(
          reference.location(),
          "'"
              + reference.path()
              + "' names egress '"
              + id
              + "', which accepts "
              + accepted.getName()
              + "; dead letters need an egress that accepts "
              + DeadLetter.class.getName()
              + " (print and file egresses accept any message)");
    }
  }
}
