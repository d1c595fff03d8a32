package org.statefun.distribution.remote;

import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.Router;

/**
 * Routers of the {@code sequence} ingress (longs) to the remote counter {@link
 * TestFunctions#GREETER}, for the fault tests: the value is the message, the id depends on the
 * router.
 */
public final class FaultRouters {
  private FaultRouters() {}

  static final FunctionType COUNTER =
      new FunctionType(TestFunctions.NAMESPACE, TestFunctions.GREETER.name());

  /** {@code n} goes to id {@code k<n % 10>}. */
  public static class TenIds implements Router<Long> {
    @Override
    public void route(Long n, Downstream downstream) {
      downstream.forward(COUNTER, "k" + (n % 10), n);
    }
  }

  /** {@code n} goes to id {@code a<n % 200>}. */
  public static class ManyIds implements Router<Long> {
    @Override
    public void route(Long n, Downstream downstream) {
      downstream.forward(COUNTER, "a" + (n % 200), n);
    }
  }

  /** Every record goes to the one id {@code hot}. */
  public static class OneId implements Router<Long> {
    @Override
    public void route(Long n, Downstream downstream) {
      downstream.forward(COUNTER, "hot", n);
    }
  }
}
