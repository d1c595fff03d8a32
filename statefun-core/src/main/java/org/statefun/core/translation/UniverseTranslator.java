package org.statefun.core.translation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.statefun.core.config.MemoryBudget;
import org.statefun.core.config.StatefunOptions;
import org.statefun.core.dispatch.DispatchOperatorFactory;
import org.statefun.core.dispatch.DispatchPlan;
import org.statefun.core.feedback.HeadOperatorFactory;
import org.statefun.core.feedback.TailOperator;
import org.statefun.core.ingress.RouterOperator;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.message.Envelope;
import org.statefun.core.message.EnvelopeTypeInfo;
import org.statefun.core.message.FunctionTypeTable;
import org.statefun.core.state.PersistedFields;
import org.statefun.core.termination.HoldOpenSource;
import org.statefun.core.termination.IngressEnd;
import org.statefun.core.universe.Universe;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressSpec;
import org.statefun.sdk.io.IngressSpec;
import org.statefun.sdk.io.Router;

/**
 * Turns a {@link Universe} into the one fixed-shape statefun dataflow:
 *
 * <pre>
 * ingress sources ─(routers, chained)─ union ─ keyBy(id) ─► HEAD ═chained═► FUNCTIONS ─► side outputs ─► egress sinks
 *                                                             ▲                  │ keyBy(id), ids owned elsewhere
 *                                                             └── in-JVM channel ── TAIL ◄┘
 * </pre>
 *
 * HEAD, FUNCTIONS and TAIL share a co-location group, so subtask i of the head and of the tail run
 * in the same TaskManager and meet through the in-JVM channel.
 */
public final class UniverseTranslator {

  private static final String CO_LOCATION_GROUP = "statefun-loop";

  /** RocksDB's timer option; read by key so that core does not depend on the RocksDB backend. */
  private static final ConfigOption<String> ROCKSDB_TIMER_SERVICE =
      ConfigOptions.key("state.backend.rocksdb.timer-service.factory").stringType().noDefaultValue();

  private UniverseTranslator() {}

  /**
   * Adds the dataflow of {@code universe} to {@code env}; options come from the environment's
   * configuration.
   *
   * @throws TranslationException when the configuration or a binding cannot work
   */
  public static void translate(StreamExecutionEnvironment env, Universe universe) {
    translate(env, universe, Safeguards.ALL);
  }

  /**
   * The mechanisms that keep messages from being lost. Only tests switch one off, to show what it
   * prevents.
   *
   * @param holdIngressesOpen keep bounded ingresses open until the loop is quiescent
   * @param replayFeedbackLog replay the loop messages logged in a restored checkpoint
   * @param logQueuedMessages write the messages queued for local delivery into each checkpoint
   */
  record Safeguards(boolean holdIngressesOpen, boolean replayFeedbackLog, boolean logQueuedMessages) {
    static final Safeguards ALL = new Safeguards(true, true, true);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static void translate(StreamExecutionEnvironment env, Universe universe, Safeguards safeguards) {
    boolean holdIngressesOpen = safeguards.holdIngressesOpen();
    ReadableConfig config = env.getConfiguration();
    validateConfiguration(config);
    validateFunctions(universe);

    // Messages are handed over, never shared: no defensive copies between chained operators.
    env.getConfig().enableObjectReuse();
    int parallelism = env.getParallelism();
    int maxParallelism =
        env.getConfig().getMaxParallelism() > 0
            ? env.getConfig().getMaxParallelism()
            : KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism);
    String loopId = UUID.randomUUID().toString();
    EnvelopeKey key = new EnvelopeKey();
    List<FunctionType> types = new java.util.ArrayList<>(universe.functionTypes());
    types.add(IngressEnd.MARKER_TYPE);
    EnvelopeTypeInfo envelopes = new EnvelopeTypeInfo(new FunctionTypeTable(types));

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
                  holdIngressesOpen
                      ? new HoldOpenSource<>(sourceSpec.source(), loopId, i)
                      : (org.apache.flink.api.connector.source.Source) sourceSpec.source(),
                  WatermarkStrategy.noWatermarks(),
                  "ingress " + spec.id(),
                  TypeInformation.of(Object.class))
              .uid(OperatorUids.ingress(spec.id()));
      DataStream<Envelope> messages =
          records
              .transform(
                  "router " + spec.id(),
                  envelopes,
                  new RouterOperator(
                      spec.id(),
                      (List<Router<Object>>) (List) binding.routers(),
                      universe.functionTypes(),
                      maxParallelism))
              .uid(OperatorUids.router(spec.id()));
      routed = routed == null ? messages : routed.union(messages);
    }

    SingleOutputStreamOperator<Envelope> head =
        routed
            .keyBy(key, Types.STRING)
            .transform(
                "statefun head", envelopes, new HeadOperatorFactory(
                    new HeadOperatorFactory.Settings(
                        loopId,
                        ingresses.size(),
                        new MemoryBudget(config.get(StatefunOptions.FEEDBACK_MEMORY_SIZE)),
                        safeguards.replayFeedbackLog(),
                        safeguards.logQueuedMessages())))
            .uid(OperatorUids.HEAD)
            .setMaxParallelism(maxParallelism);

    Map<String, DispatchPlan.EgressRoute> egressRoutes = new LinkedHashMap<>();
    for (EgressSpec<?> egress : universe.egresses()) {
      OutputTag<Object> tag =
          new OutputTag<>(
              "egress " + egress.id(), (TypeInformation) TypeInformation.of(egress.id().consumedType()));
      egressRoutes.put(egress.id().toString(), new DispatchPlan.EgressRoute(egress.id(), tag));
    }
    DispatchPlan plan =
        new DispatchPlan(
            universe.functions(),
            universe.failurePolicies(),
            egressRoutes,
            config.get(StatefunOptions.ASYNC_MAX_PER_TASK),
            config.get(StatefunOptions.DISPATCH_BATCH_SIZE),
            new MemoryBudget(config.get(StatefunOptions.DISPATCH_QUEUE_MEMORY_SIZE)));
    SingleOutputStreamOperator<Envelope> functions =
        DataStreamUtils.reinterpretAsKeyedStream(head, key, Types.STRING)
            .transform("statefun functions", envelopes, new DispatchOperatorFactory(plan))
            .uid(OperatorUids.FUNCTIONS)
            .setMaxParallelism(maxParallelism);

    SingleOutputStreamOperator<Void> tail =
        functions
            .keyBy(key, Types.STRING)
            .transform("statefun tail", Types.VOID, new TailOperator())
            .uid(OperatorUids.TAIL)
            .setMaxParallelism(maxParallelism);

    head.getTransformation().setCoLocationGroupKey(CO_LOCATION_GROUP);
    functions.getTransformation().setCoLocationGroupKey(CO_LOCATION_GROUP);
    tail.getTransformation().setCoLocationGroupKey(CO_LOCATION_GROUP);

    for (EgressSpec<?> egress : universe.egresses()) {
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
          .getSideOutput(egressRoutes.get(egress.id().toString()).tag())
          .sinkTo((Sink<Object>) (Sink) sinkSpec.sink())
          .name("egress " + egress.id())
          .uid(OperatorUids.egress(egress.id()));
    }
  }

  private static void validateConfiguration(ReadableConfig config) {
    if (config.get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH) {
      throw new TranslationException(
          "execution.runtime-mode is BATCH, but stateful functions message each other in a loop,"
              + " which only runs in STREAMING mode; remove the option or set it to STREAMING");
    }
    if (config.get(CheckpointingOptions.ENABLE_UNALIGNED)) {
      throw new TranslationException(
          "execution.checkpointing.unaligned.enabled is true, but messages in the function loop are"
              + " only checkpointed exactly once with aligned checkpoints; set it to false");
    }
    String backend = config.get(StateBackendOptions.STATE_BACKEND);
    String timers = config.get(ROCKSDB_TIMER_SERVICE);
    if (backend != null
        && backend.toLowerCase(java.util.Locale.ROOT).contains("rocksdb")
        && "heap".equalsIgnoreCase(timers)) {
      throw new TranslationException(
          ROCKSDB_TIMER_SERVICE.key()
              + " is HEAP, but with RocksDB the loop head writes in-flight messages into raw keyed"
              + " state, where heap timers would also have to go; remove the option or set it to"
              + " ROCKSDB");
    }
    int maxAsync = config.get(StatefunOptions.ASYNC_MAX_PER_TASK);
    if (maxAsync < 1) {
      throw new TranslationException(
          StatefunOptions.ASYNC_MAX_PER_TASK.key() + " must be at least 1, got " + maxAsync);
    }
    int batchSize = config.get(StatefunOptions.DISPATCH_BATCH_SIZE);
    if (batchSize < 1) {
      throw new TranslationException(
          StatefunOptions.DISPATCH_BATCH_SIZE.key() + " must be at least 1, got " + batchSize);
    }
  }

  /** Fails on the client, before submission, for providers and persisted fields that cannot work. */
  private static void validateFunctions(Universe universe) {
    for (Map.Entry<FunctionType, StatefulFunctionProvider> entry : universe.functions().entrySet()) {
      FunctionType type = entry.getKey();
      StatefulFunctionProvider provider = entry.getValue();
      Shippable.require(provider, "The provider of function type " + type);
      StatefulFunction function;
      try {
        function = provider.functionOfType(type);
      } catch (RuntimeException | LinkageError e) {
        throw new TranslationException(
            "Creating the function of type "
                + type
                + " failed (provider "
                + provider.getClass().getName()
                + "): "
                + rootCause(e),
            e);
      }
      if (function == null) {
        throw new TranslationException(
            "The provider " + provider.getClass().getName() + " of function type " + type + " returned null");
      }
      PersistedFields.of(type, function);
    }
  }

  /** The innermost cause, as "class: message": a constructor's own exception, not its wrappers. */
  private static String rootCause(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.toString();
  }
}
