package org.statefun.core.io;

import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.EgressSpec;

/**
 * An egress backed by any Flink Sink V2 {@link Sink}.
 *
 * @param id the egress identifier
 * @param sink the Flink sink receiving every message functions send to {@code id}
 * @param <T> the message type
 */
public record SinkEgressSpec<T>(EgressIdentifier<T> id, Sink<T> sink) implements EgressSpec<T> {

  public SinkEgressSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sink, "sink");
  }
}
