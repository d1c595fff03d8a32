package org.statefun.remote;

import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;

/** A function type served over HTTP with StateFun's request-reply protocol. (In progress.) */
final class RemoteFunction implements StatefulFunction {

  private final FunctionType type;
  private final EndpointSpec endpoint;

  RemoteFunction(FunctionType type, EndpointSpec endpoint) {
    this.type = type;
    this.endpoint = endpoint;
  }

  @Override
  public void invoke(Context context, Object message) {
    throw new UnsupportedOperationException(
        "Remote function " + type + " at " + endpoint.urlFor(type) + ": not built yet");
  }
}
