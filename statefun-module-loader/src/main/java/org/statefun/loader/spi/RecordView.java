package org.statefun.loader.spi;

import java.io.Serializable;

/**
 * How YAML routers see the records of an ingress: the value they forward (and read {@code
 * value.<field>} ids from) and, for ingresses whose records have keys, the key ({@code id: key}).
 * Views travel to the workers with the job, hence {@link Serializable}.
 *
 * @param <T> the record type of the ingress
 */
public interface RecordView<T> extends Serializable {

  /** The message a YAML router forwards for {@code record}. */
  Object value(T record);

  /** Whether records have keys, so {@code id: key} is allowed. */
  default boolean hasKeys() {
    return false;
  }

  /**
   * The key of {@code record}, or null when this record has none.
   *
   * @throws UnsupportedOperationException unless {@link #hasKeys()}
   */
  default String key(T record) {
    throw new UnsupportedOperationException("records of this ingress have no keys");
  }

  /** The view of ingresses whose records are their values and have no keys. */
  static <T> RecordView<T> identity() {
    return new IdentityView<>();
  }
}
