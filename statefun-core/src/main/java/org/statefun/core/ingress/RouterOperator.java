package org.statefun.core.ingress;

import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.statefun.core.classloading.ContextClassLoader;
import org.statefun.core.dispatch.BoundTypes;
import org.statefun.core.dispatch.MessageDeliveryException;
import org.statefun.core.message.Envelope;
import org.statefun.core.termination.IngressEnd;
import org.statefun.sdk.Address;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.Router;

/**
 * Runs the routers of one ingress, chained to its source: each record becomes messages for
 * addresses. When the source has produced its last record (a held-open source then emits its {@link
 * IngressEnd}), tells every key group (and so every loop head) that this ingress instance has
 * ended.
 */
public final class RouterOperator extends AbstractStreamOperator<Envelope>
    implements OneInputStreamOperator<Object, Envelope>, Router.Downstream {

  private static final long serialVersionUID = 1L;

  /** The key of each ingress's metric group; its value is the ingress id. */
  public static final String INGRESS_GROUP = "ingress";

  private final IngressIdentifier<?> ingress;
  private final List<Router<Object>> routers;
  private final BoundTypes boundTypes;
  private final int headMaxParallelism;

  private transient BoundTypes bound;
  private transient String sender;
  private transient StreamRecord<Envelope> out;
  private transient Counter recordsRouted;
  private transient Counter messagesRouted;

  public RouterOperator(
      IngressIdentifier<?> ingress,
      List<Router<Object>> routers,
      BoundTypes boundTypes,
      int headMaxParallelism) {
    this.ingress = ingress;
    this.routers = List.copyOf(routers);
    this.boundTypes = boundTypes;
    this.headMaxParallelism = headMaxParallelism;
  }

  @Override
  public void open() throws Exception {
    super.open();
    bound = boundTypes;
    sender = "Router of ingress " + ingress;
    out = new StreamRecord<>(null);
    MetricGroup group = getMetricGroup().addGroup(INGRESS_GROUP, ingress.toString());
    recordsRouted = group.counter("recordsRouted");
    messagesRouted = group.counter("messagesRouted");
  }

  @Override
  public void processElement(StreamRecord<Object> record) throws Exception {
    Object value = record.getValue();
    if (value instanceof IngressEnd end) {
      announce(end);
      return;
    }
    recordsRouted.inc();
    for (Router<Object> router : routers) {
      ClassLoader previous = ContextClassLoader.enter(router.getClass().getClassLoader());
      try {
        router.route(value, this);
      } catch (MessageDeliveryException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "The router "
                + router.getClass().getName()
                + " of ingress "
                + ingress
                + " failed on a record of type "
                + (value == null ? "null" : value.getClass().getName())
                + ": "
                + e,
            e);
      } finally {
        ContextClassLoader.restore(previous);
      }
    }
  }

  @Override
  public void forward(Address to, Object message) {
    if (!bound.isBound(to.type())) {
      throw bound.unbound(sender, to);
    }
    output.collect(out.replace(new Envelope(to, null, message)));
    messagesRouted.inc();
  }

  private void announce(IngressEnd end) {
    for (Address marker : IngressEnd.markerAddresses(headMaxParallelism)) {
      output.collect(out.replace(new Envelope(marker, null, end)));
    }
  }
}
