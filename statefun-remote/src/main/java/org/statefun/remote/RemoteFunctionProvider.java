package org.statefun.remote;

import java.util.Objects;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.StatefulFunctionProvider;

/**
 * Provides the functions of one remote endpoint: bind it for the endpoint's function type, or for
 * its namespace when the endpoint serves {@code namespace/*}. Creating a function does not contact
 * the endpoint.
 */
public final class RemoteFunctionProvider implements StatefulFunctionProvider {

  private static final long serialVersionUID = 1L;

  private final EndpointSpec endpoint;

  public RemoteFunctionProvider(EndpointSpec endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
  }

  public EndpointSpec endpoint() {
    return endpoint;
  }

  @Override
  public StatefulFunction functionOfType(FunctionType type) {
    if (!endpoint.functions().matches(type)) {
      throw new IllegalArgumentException(
          "The endpoint " + endpoint.functions() + " does not serve function type " + type);
    }
    return new RemoteFunction(type, endpoint);
  }
}
