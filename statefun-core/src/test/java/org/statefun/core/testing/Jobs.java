package org.statefun.core.testing;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.core.translation.UniverseTranslator;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.sdk.spi.StatefulFunctionModule;

/** Runs a module as a statefun job on the test's MiniCluster and waits for it to finish. */
public final class Jobs {
  private Jobs() {}

  public static void run(StatefulFunctionModule module, int parallelism, Configuration conf)
      throws Exception {
    StreamExecutionEnvironment env = environment(module, parallelism, conf);
    env.execute("statefun test job");
  }

  public static StreamExecutionEnvironment environment(
      StatefulFunctionModule module, int parallelism, Configuration conf) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    UniverseTranslator.translate(
        env, new UniverseBuilder().addModule("test-module", module, Map.of()).build());
    return env;
  }
}
