package org.statefun.sdk.io;

import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;

/**
 * Turns each record of an ingress into messages for function addresses. A router runs in the
 * ingress's parallel instances; keep it stateless.
 *
 * @param <T> the ingress record type
 */
@FunctionalInterface
public interface Router<T> {

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
