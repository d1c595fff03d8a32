package org.statefun.core.translation;

import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.core.config.ConfigurationValidator;
import org.statefun.core.config.MemoryBudget;
import org.statefun.core.config.StatefunOptions;
import org.statefun.core.dispatch.DispatchPlan;
import org.statefun.core.feedback.HeadOperatorFactory;
import org.statefun.core.message.Envelope;
import org.statefun.core.universe.Universe;

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
 *
 * <p>The translation checks the configuration ({@link ConfigurationValidator#unsupportedSettings})
 * and the function providers ({@link FunctionProviderChecks}), then adds the dataflow in three
 * steps that share a {@link LoopSetup}: {@link IngressSources}, {@link FunctionLoop}, {@link
 * EgressSinks}.
 */
public final class UniverseTranslator {

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
  record Safeguards(
      boolean holdIngressesOpen, boolean replayFeedbackLog, boolean logQueuedMessages) {
    static final Safeguards ALL = new Safeguards(true, true, true);
  }

  static void translate(StreamExecutionEnvironment env, Universe universe, Safeguards safeguards) {
    ReadableConfig config = env.getConfiguration();
    List<String> problems = ConfigurationValidator.unsupportedSettings(config);
    if (!problems.isEmpty()) {
      throw new TranslationException(String.join("\n", problems));
    }
    FunctionProviderChecks.check(universe);
    if (env.getTransformations().stream().anyMatch(t -> OperatorUids.HEAD.equals(t.getUid()))) {
      // Operator uids (the savepoint's map of state) are fixed, so a second loop cannot get its
      // own.
      throw new TranslationException(
          "This environment already runs a statefun universe: one job runs one universe; put all"
              + " modules into one universe instead of translating several");
    }

    // Messages are handed over, never shared: no defensive copies between chained operators.
    env.getConfig().enableObjectReuse();
    LoopSetup setup = LoopSetup.of(env, universe);
    DataStream<Envelope> routed =
        IngressSources.add(env, universe, setup, safeguards.holdIngressesOpen());
    Map<String, DispatchPlan.EgressRoute> egressRoutes = EgressSinks.routes(universe.egresses());
    SingleOutputStreamOperator<Envelope> functions =
        FunctionLoop.add(
            routed,
            setup,
            headSettings(config, setup, universe, safeguards),
            dispatchPlan(config, setup.loopId(), universe, egressRoutes));
    EgressSinks.add(functions, universe.egresses(), egressRoutes);
  }

  private static HeadOperatorFactory.Settings headSettings(
      ReadableConfig config, LoopSetup setup, Universe universe, Safeguards safeguards) {
    return new HeadOperatorFactory.Settings(
        setup.loopId(),
        universe.ingresses().size(),
        new MemoryBudget(config.get(StatefunOptions.FEEDBACK_MEMORY_SIZE)),
        safeguards.replayFeedbackLog(),
        safeguards.logQueuedMessages());
  }

  private static DispatchPlan dispatchPlan(
      ReadableConfig config,
      String loopId,
      Universe universe,
      Map<String, DispatchPlan.EgressRoute> egressRoutes) {
    return new DispatchPlan(
        loopId,
        universe.functions(),
        universe.failurePolicies(),
        universe.namespaces(),
        universe.namespaceFailurePolicies(),
        egressRoutes,
        config.get(StatefunOptions.ASYNC_MAX_PER_TASK),
        config.get(StatefunOptions.DISPATCH_BATCH_SIZE),
        new MemoryBudget(config.get(StatefunOptions.DISPATCH_QUEUE_MEMORY_SIZE)));
  }
}
