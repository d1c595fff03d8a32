package org.statefun.loader.kinds;

import com.google.auto.service.AutoService;
import java.util.List;
import java.util.Optional;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.builtin.BuiltinSinks;
import org.statefun.loader.spi.EgressKind;
import org.statefun.loader.spi.SpecReader;
import org.statefun.loader.yaml.ComponentId;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.EgressSpec;

/**
 * {@code kind: file} — one line per message into part files in the directory {@code path},
 * exactly once through Flink's FileSink.
 */
@AutoService(EgressKind.class)
public final class FileEgressKind implements EgressKind {

  @Override
  public String kind() {
    return "file";
  }

  @Override
  public List<String> specKeys() {
    return List.of("path");
  }

  @Override
  public EgressSpec<?> create(ComponentId id, SpecReader spec) {
    Optional<String> path = spec.requiredPath("path", false);
    spec.requireValid();
    return new SinkEgressSpec<>(
        new EgressIdentifier<>(Object.class, id.namespace(), id.name()),
        BuiltinSinks.lineFiles(path.get()));
  }
}
