package org.statefun.loader.spi;

import java.util.List;

/**
 * An ingress {@code kind} of module.yaml: reads and validates the {@code spec:} of an ingress and
 * creates it. Implementations need a public no-arg constructor and are found with {@link
 * java.util.ServiceLoader}.
 */
public interface IngressKind {

  /** The name written as {@code kind:}, e.g. {@code file}; unique among ingress kinds. */
  String kind();

  /** Every key {@code spec:} may hold; the loader reports any other key before {@link #create}. */
  List<String> specKeys();

  /**
   * Creates the ingress {@code id} from its spec.
   *
   * @throws InvalidSpecException when the spec has problems; they are already in {@code spec}
   */
  IngressComponent<?> create(ComponentId id, SpecReader spec);
}
