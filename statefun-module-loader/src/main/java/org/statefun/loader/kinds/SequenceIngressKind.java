package org.statefun.loader.kinds;

import com.google.auto.service.AutoService;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.loader.io.BuiltinSources;
import org.statefun.loader.spi.ComponentId;
import org.statefun.loader.spi.IngressComponent;
import org.statefun.loader.spi.IngressKind;
import org.statefun.loader.spi.SpecReader;
import org.statefun.sdk.io.IngressIdentifier;

/**
 * {@code kind: sequence} — the longs {@code from}..{@code to} (inclusive), optionally rate-limited.
 */
@AutoService(IngressKind.class)
public final class SequenceIngressKind implements IngressKind {

  @Override
  public String kind() {
    return "sequence";
  }

  @Override
  public List<String> specKeys() {
    return List.of("from", "to", "rate-per-second");
  }

  @Override
  public IngressComponent<?> create(ComponentId id, SpecReader spec) {
    Optional<Long> from = spec.requiredLong("from");
    Optional<Long> to = spec.requiredLong("to");
    OptionalDouble rate = spec.optionalPositiveDouble("rate-per-second");
    if (from.isPresent() && to.isPresent() && to.get() < from.get()) {
      spec.problem(
          "to",
          "'"
              + spec.name("to")
              + "' ("
              + to.get()
              + ") must not be below 'from' ("
              + from.get()
              + ")");
    }
    spec.requireValid();
    IngressIdentifier<Long> identifier =
        new IngressIdentifier<>(Long.class, id.namespace(), id.name());
    return IngressComponent.ofValues(
        new SourceIngressSpec<>(identifier, BuiltinSources.sequence(from.get(), to.get(), rate)));
  }
}
