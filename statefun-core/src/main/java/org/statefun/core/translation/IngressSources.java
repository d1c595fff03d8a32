package org.statefun.core.translation;

import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.core.ingress.RouterOperator;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.message.Envelope;
import org.statefun.core.termination.HoldOpenSource;
import org.statefun.core.universe.Universe;
import org.statefun.sdk.io.IngressSpec;
import org.statefun.sdk.io.Router;

/**
 * The first step: each ingress's source with its routers chained behind it, all united into the one
 * stream of envelopes that enters the loop.
 */
final class IngressSources {
  private IngressSources() {}

  /**
   * Adds a source and a router operator per ingress of {@code universe} to {@code env}.
   *
   * @param holdOpen wrap each source so that a bounded ingress stays open until the loop is
   *     quiescent
   * @return the union of the routed envelopes of every ingress
   * @throws TranslationException when an ingress's spec is not a {@link SourceIngressSpec}, or its
   *     source or a router cannot be shipped
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static DataStream<Envelope> add(
      StreamExecutionEnvironment env, Universe universe, LoopSetup setup, boolean holdOpen) {
    DataStream<Envelope> routed = null;
    List<Universe.IngressBinding<?>> ingresses = universe.ingresses();
    for (int i = 0; i < ingresses.size(); i++) {
      Universe.IngressBinding<?> binding = ingresses.get(i);
      IngressSpec<?> spec = binding.spec();
      if (!(spec instanceof SourceIngressSpec<?> sourceSpec)) {
        throw new TranslationException(
            "Ingress "
                + spec.id()
                + " has a spec of type "
                + spec.getClass().getName()
                + ", which this runtime cannot run; use SourceIngressSpec");
      }
      Shippable.require(sourceSpec.source(), "The source of ingress " + spec.id());
      for (Router<?> router : binding.routers()) {
        Shippable.require(router, "A router of ingress " + spec.id());
      }
      DataStream<Object> records =
          env.fromSource(
                  holdOpen
                      ? new HoldOpenSource<>(sourceSpec.source(), setup.loopId(), i)
                      : (Source) sourceSpec.source(),
                  WatermarkStrategy.noWatermarks(),
                  "ingress " + spec.id(),
                  TypeInformation.of(Object.class))
              .uid(OperatorUids.ingress(spec.id()));
      DataStream<Envelope> messages =
          records
              .transform(
                  "router " + spec.id(),
                  setup.envelopes(),
                  new RouterOperator(
                      spec.id(),
                      (List<Router<Object>>) (List) binding.routers(),
                      universe.boundTypes(),
                      setup.maxParallelism()))
              .uid(OperatorUids.router(spec.id()));
      routed = routed == null ? messages : routed.union(messages);
    }
    return routed;
  }
}
