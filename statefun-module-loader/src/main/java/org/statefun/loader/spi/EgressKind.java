package org.statefun.loader.spi;

import java.util.List;
import org.statefun.sdk.io.EgressSpec;

/**
 * An egress {@code kind} of module.yaml: reads and validates the {@code spec:} of an egress and
 * creates it. Implementations need a public no-arg constructor and are found with {@link
 * java.util.ServiceLoader}.
 */
public interface EgressKind {

  /** The name written as {@code kind:}, e.g. {@code print}; unique among egress kinds. */
  String kind();

  /** Every key {@code spec:} may hold; the loader reports any other key before {@link #create}. */
  List<String> specKeys();

  /**
   * Creates the egress {@code id} from its spec. Functions send to it with an {@code
   * EgressIdentifier} of the same id and a type the returned spec's id accepts.
   *
   * @throws InvalidSpecException when the spec has problems; they are already in {@code spec}
   */
  EgressSpec<?> create(ComponentId id, SpecReader spec);
}
