package org.statefun.core.ingress;

import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.statefun.core.dispatch.MessageDeliveryException;
import org.statefun.core.dispatch.Routes;
import org.statefun.core.message.Envelope;
import org.statefun.core.message.IngressEnd;
import org.statefun.core.termination.IngressEndSignal;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.Router;

/**
 * Runs the routers of one ingress, chained to its source: each record becomes messages for
 * addresses. When the source has produced its last record, tells every key group (and so every
 * loop head) that this ingress instance has ended.
 */
public final class RouterOperator extends AbstractStreamOperator<Envelope>
    implements OneInputStreamOperator<Object, Envelope>, Router.Downstream {

  private static final long serialVersionUID = 1L;

  /** The function type addressed by ingress-end markers; never bound, never invoked. */
  public static final FunctionType END_MARKER_TYPE = new FunctionType("statefun-internal", "ingress-end");

  private final IngressIdentifier<?> ingress;
  private final int ingressIndex;
  private final List<Router<Object>> routers;
  private final Set<FunctionType> boundTypes;
  private final int headMaxParallelism;

  private transient Routes routes;
  private transient String sender;
  private transient StreamRecord<Envelope> out;

  public RouterOperator(
      IngressIdentifier<?> ingress,
      int ingressIndex,
      List<Router<Object>> routers,
      Set<FunctionType> boundTypes,
      int headMaxParallelism) {
    this.ingress = ingress;
    this.ingressIndex = ingressIndex;
    this.routers = List.copyOf(routers);
    this.boundTypes = Set.copyOf(boundTypes);
    this.headMaxParallelism = headMaxParallelism;
  }

  @Override
  public void open() throws Exception {
    super.open();
    routes = new Routes(boundTypes);
    sender = "Router of ingress " + ingress;
    out = new StreamRecord<>(null);
  }

  @Override
  public void processElement(StreamRecord<Object> record) throws Exception {
    Object value = record.getValue();
    if (value instanceof IngressEndSignal) {
      announceEnd();
      return;
    }
    for (Router<Object> router : routers) {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      ClassLoader routerLoader = router.getClass().getClassLoader();
      boolean switchLoader = previous != routerLoader;
      if (switchLoader) {
        thread.setContextClassLoader(routerLoader);
      }
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
        if (switchLoader) {
          thread.setContextClassLoader(previous);
        }
      }
    }
  }

  @Override
  public void forward(Address to, Object message) {
    if (!routes.isBound(to.type())) {
      throw routes.unbound(sender, to);
    }
    output.collect(out.replace(new Envelope(to, null, message)));
  }

  private void announceEnd() {
    var task = getRuntimeContext().getTaskInfo();
    IngressEnd end =
        new IngressEnd(ingressIndex, task.getIndexOfThisSubtask(), task.getNumberOfParallelSubtasks());
    for (String key : KeyGroupKeys.forAllKeyGroups(headMaxParallelism)) {
      output.collect(out.replace(new Envelope(new Address(END_MARKER_TYPE, key), null, end)));
    }
  }
}
