package org.statefun.loader;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Creates the execution environment of the universal job. Under {@code flink run} (or any other
 * context, such as a test MiniCluster) that context's environment is used; started as a plain
 * program, an embedded cluster with the web UI. Either way, every module jar is added to {@code
 * pipeline.jars}, so Flink ships it to the TaskManagers with the job.
 */
final class JobEnvironment {
  private JobEnvironment() {}

  /** Whether a plain {@code java} start (no Flink client context) would run an embedded cluster. */
  static boolean isStandalone() {
    return StreamExecutionEnvironment.getExecutionEnvironment(new Configuration())
        instanceof LocalStreamEnvironment;
  }

  /**
   * The environment for {@code configuration}, shipping {@code moduleJars}.
   *
   * @param out where the web UI address is announced
   * @throws StartupException when the embedded cluster's web UI port is taken
   */
  static StreamExecutionEnvironment create(
      Configuration configuration, List<Path> moduleJars, PrintStream out) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
    if (env instanceof LocalStreamEnvironment) {
      Configuration local = new Configuration(configuration);
      int port = webUiPort(local);
      local.set(RestOptions.PORT, port);
      env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(local);
      out.println("statefun: embedded Flink cluster, web UI at http://localhost:" + port + " while the job runs");
    }
    List<String> jars = new ArrayList<>(env.getConfiguration().getOptional(PipelineOptions.JARS).orElse(List.of()));
    for (Path jar : moduleJars) {
      String url = url(jar);
      if (!jars.contains(url)) {
        jars.add(url);
      }
    }
    env.configure(new Configuration().set(PipelineOptions.JARS, jars));
    return env;
  }

  private static int webUiPort(Configuration configuration) {
    int port = configuration.getOptional(RestOptions.PORT).orElse(RestOptions.PORT.defaultValue());
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(port));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new StartupException(
          "Port "
              + port
              + " for the Flink web UI is already in use (another Flink cluster or statefun job?)."
              + " Stop it, or choose another port with -D"
              + RestOptions.PORT.key()
              + "="
              + (port + 1)
              + " (0 picks a free one).",
          StartupException.INVALID);
    }
  }

  private static String url(Path jar) {
    try {
      return jar.toAbsolutePath().normalize().toUri().toURL().toString();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("Not a valid jar path: " + jar, e);
    }
  }
}
