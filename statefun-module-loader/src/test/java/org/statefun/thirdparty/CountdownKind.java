package org.statefun.thirdparty;

import java.util.List;
import java.util.Optional;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.loader.spi.ComponentId;
import org.statefun.loader.spi.IngressComponent;
import org.statefun.loader.spi.IngressKind;
import org.statefun.loader.spi.RecordView;
import org.statefun.loader.spi.SpecReader;
import org.statefun.sdk.io.IngressIdentifier;

/**
 * {@code kind: countdown}: the numbers {@code from} down to 1 (in no particular order across
 * parallel readers), each seen by YAML routers as "{@code label} n", keyed by "odd" or "even". A
 * kind as a third party writes it: the loader's SPI, the SDK and a Flink source, nothing else.
 */
public final class CountdownKind implements IngressKind {

  @Override
  public String kind() {
    return "countdown";
  }

  @Override
  public List<String> specKeys() {
    return List.of("from", "label");
  }

  @Override
  public IngressComponent<?> create(ComponentId id, SpecReader spec) {
    Optional<Long> from = spec.requiredLong("from");
    Optional<String> label = spec.requiredString("label", "a word to print before each number");
    if (from.isPresent() && from.get() < 1) {
      spec.problem("from", "'" + spec.name("from") + "' must be at least 1, got " + from.get());
    }
    spec.requireValid();
    IngressIdentifier<Long> ingress =
        new IngressIdentifier<>(Long.class, id.namespace(), id.name());
    return new IngressComponent<>(
        new SourceIngressSpec<>(ingress, new NumberSequenceSource(1, from.get())),
        new LabelledView(label.get()),
        String.class);
  }

  /** The value of n is "label n"; its key says whether n is odd or even. */
  record LabelledView(String label) implements RecordView<Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Object value(Long n) {
      return label + " " + n;
    }

    @Override
    public boolean hasKeys() {
      return true;
    }

    @Override
    public String key(Long n) {
      return n % 2 == 0 ? "even" : "odd";
    }
  }
}
