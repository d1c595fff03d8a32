package org.statefun.sdk.io;

import java.io.Serializable;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;

/**
 * Turns each record of an ingress into messages for function addresses. A router runs in the
 * ingress's parallel instances; keep it stateless.
 *
 * <p>Routers travel to the workers with the job, hence {@link Serializable}: a lambda is fine as
 * long as what it captures is serializable.
 *
 * @param <T> the ingress record type
 */
@FunctionalInterface
public interface Router<T> extends Serializable {

  /** Routes one record; call {@code downstream} zero or more times. */
  void route(T message, Downstream downstream);

  /** Where a router sends the messages it makes from a record. */
  interface Downstream {

    /** Sends {@code message} to the instance at {@code to}. */
    void forward(Address to, Object message);

    /** Sends {@code message} to the instance {@code id} of {@code type}. */
    default void forward(FunctionType type, String id, Object message) {
      forward(new Address(type, id), message);
    }
  }
}
