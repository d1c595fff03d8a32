package org.statefun.loader.kinds;

import com.google.auto.service.AutoService;
import java.util.List;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.loader.io.BuiltinSinks;
import org.statefun.loader.spi.ComponentId;
import org.statefun.loader.spi.EgressKind;
import org.statefun.loader.spi.SpecReader;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.EgressSpec;

/** {@code kind: print} — one line per message on stdout, after an optional {@code prefix}. */
@AutoService(EgressKind.class)
public final class PrintEgressKind implements EgressKind {

  @Override
  public String kind() {
    return "print";
  }

  @Override
  public List<String> specKeys() {
    return List.of("prefix");
  }

  @Override
  public EgressSpec<?> create(ComponentId id, SpecReader spec) {
    String prefix = spec.optionalString("prefix", "a string").orElse("");
    spec.requireValid();
    return new SinkEgressSpec<>(
        new EgressIdentifier<>(Object.class, id.namespace(), id.name()),
        BuiltinSinks.stdout(prefix));
  }
}
