package org.statefun.core.translation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;
import org.statefun.core.dispatch.DispatchPlan;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.message.Envelope;
import org.statefun.sdk.io.EgressSpec;

/**
 * The last step: a side output of the functions operator per egress, each feeding the egress's
 * sink. The routes come first, since the dispatcher needs them to emit.
 */
final class EgressSinks {
  private EgressSinks() {}

  /** The side output of each egress, by {@code namespace/name}, in binding order. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Map<String, DispatchPlan.EgressRoute> routes(List<EgressSpec<?>> egresses) {
    Map<String, DispatchPlan.EgressRoute> routes = new LinkedHashMap<>();
    for (EgressSpec<?> egress : egresses) {
      OutputTag<Object> tag =
          new OutputTag<>(
              "egress " + egress.id(),
              (TypeInformation) TypeInformation.of(egress.id().consumedType()));
      routes.put(egress.id().toString(), new DispatchPlan.EgressRoute(egress.id(), tag));
    }
    return routes;
  }

  /**
   * Connects each egress's sink to its side output of {@code functions}.
   *
   * @param routes the side outputs, as {@link #routes} made them for {@code egresses}
   * @throws TranslationException when an egress's spec is not a {@link SinkEgressSpec}, or its sink
   *     cannot be shipped
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void add(
      SingleOutputStreamOperator<Envelope> functions,
      List<EgressSpec<?>> egresses,
      Map<String, DispatchPlan.EgressRoute> routes) {
    for (EgressSpec<?> egress : egresses) {
      if (!(egress instanceof SinkEgressSpec<?> sinkSpec)) {
        throw new TranslationException(
            "Egress "
                + egress.id()
                + " has a spec of type "
                + egress.getClass().getName()
                + ", which this runtime cannot run; use SinkEgressSpec");
      }
      Shippable.require(sinkSpec.sink(), "The sink of egress " + egress.id());
      functions
          .getSideOutput(routes.get(egress.id().toString()).tag())
          .sinkTo((Sink<Object>) (Sink) sinkSpec.sink())
          .name("egress " + egress.id())
          .uid(OperatorUids.egress(egress.id()));
    }
  }
}
