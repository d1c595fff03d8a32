package org.statefun.benchmarks.relay;

import java.util.Map;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.core.config.StatefunOptions;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.translation.UniverseTranslator;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.remote.EndpointSpec;
import org.statefun.remote.FunctionPattern;
import org.statefun.remote.RemoteFunctionProvider;
import org.statefun.remote.Timeouts;
import org.statefun.sdk.FailurePolicy;

/**
 * The relay with both functions remote: router → {@code bench/a} → {@code bench/b} → egress, where
 * {@code bench/*} is served by a {@link BenchFunctionServer} over HTTP.
 */
final class RemotePipeline implements Pipeline {

  private final String urlTemplate;
  private final int inFlightPerTask;

  /**
   * @param inFlightPerTask {@code statefun.async.max-per-task}: requests in flight per subtask
   */
  RemotePipeline(String urlTemplate, int inFlightPerTask) {
    this.urlTemplate = urlTemplate;
    this.inFlightPerTask = inFlightPerTask;
  }

  @Override
  public String name() {
    return "remote";
  }

  @Override
  public long egressRecords(long records) {
    return RelayLogic.DEFAULT.egressRecords(records);
  }

  @Override
  public void define(StreamExecutionEnvironment env, long records) {
    Configuration conf = new Configuration();
    conf.set(StatefunOptions.ASYNC_MAX_PER_TASK, inFlightPerTask);
    env.configure(conf);
    EndpointSpec endpoint =
        new EndpointSpec(
            FunctionPattern.parse("bench/*"),
            urlTemplate,
            EndpointSpec.DEFAULT_MAX_BATCH_SIZE,
            Timeouts.defaults());
    UniverseTranslator.translate(
        env,
        new UniverseBuilder()
            .addModule(
                "bench-remote",
                (config, binder) -> {
                  binder.bindIngress(
                      new SourceIngressSpec<>(
                          RelayPipeline.NUMBERS, new NumberSequenceSource(0, records - 1)));
                  binder.bindIngressRouter(
                      RelayPipeline.NUMBERS,
                      (value, downstream) -> {
                        Probe.markIngress();
                        downstream.forward(
                            RelayPipeline.A,
                            Long.toString(RelayLogic.DEFAULT.firstHop(value)),
                            value);
                      });
                  binder.bindNamespaceProvider(
                      "bench", new RemoteFunctionProvider(endpoint), FailurePolicy.fail());
                  binder.bindEgress(
                      new SinkEgressSpec<>(RelayPipeline.COUNTS, new CountingSink<>()));
                },
                Map.of())
            .build());
  }
}
