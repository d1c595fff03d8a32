package org.statefun.loader.kinds;

import com.google.auto.service.AutoService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.loader.io.BuiltinSources;
import org.statefun.loader.spi.ComponentId;
import org.statefun.loader.spi.IngressComponent;
import org.statefun.loader.spi.IngressKind;
import org.statefun.loader.spi.SpecReader;
import org.statefun.sdk.io.IngressIdentifier;

/**
 * {@code kind: file} — the lines of a file, or of every file below a directory: as strings ({@code
 * format: text}, the default) or as JSON values bound to {@code type} ({@code format: json};
 * without {@code type}, maps). {@code watch: <duration>} keeps checking for new files.
 */
@AutoService(IngressKind.class)
public final class FileIngressKind implements IngressKind {

  @Override
  public String kind() {
    return "file";
  }

  @Override
  public List<String> specKeys() {
    return List.of("path", "format", "type", "watch");
  }

  @Override
  public IngressComponent<?> create(ComponentId id, SpecReader spec) {
    Optional<String> path = spec.requiredPath("path", true);
    String format = spec.optionalChoice("format", List.of("text", "json")).orElse("text");
    Optional<Duration> watch = spec.optionalDuration("watch");
    Optional<Class<?>> type = Optional.empty();
    if (spec.has("type")) {
      if (format.equals("json")) {
        type = spec.optionalClass("type", Object.class, false).map(c -> c);
      } else {
        spec.problem("type", "'" + spec.name("type") + "' only applies with 'format: json'");
      }
    }
    spec.requireValid();
    if (format.equals("text")) {
      IngressIdentifier<String> identifier =
          new IngressIdentifier<>(String.class, id.namespace(), id.name());
      return IngressComponent.ofValues(
          new SourceIngressSpec<>(identifier, BuiltinSources.textLines(path.get(), watch)));
    }
    return json(id, path.get(), type.orElse(Map.class), watch);
  }

  private static <T> IngressComponent<T> json(
      ComponentId id, String path, Class<T> type, Optional<Duration> watch) {
    IngressIdentifier<T> identifier = new IngressIdentifier<>(type, id.namespace(), id.name());
    return IngressComponent.ofValues(
        new SourceIngressSpec<>(identifier, BuiltinSources.jsonLines(path, type, watch)));
  }
}
