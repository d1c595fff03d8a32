package org.statefun.state.tools;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.loader.LoadedModules;
import org.statefun.loader.ModuleLoadException;
import org.statefun.loader.ModuleLoader;

/** Loads the modules of {@code --modules DIR} and sets up the environment of a state job. */
final class ModuleSet {
  private ModuleSet() {}

  /**
   * Loads {@code root} as a run would.
   *
   * @throws StateToolException listing the modules' problems
   */
  static LoadedModules load(Path root, Map<String, String> environment) {
    try {
      return new ModuleLoader(StateTool.class.getClassLoader(), environment).load(root, Map.of());
    } catch (ModuleLoadException e) {
      StringBuilder report = new StringBuilder("statefun state: ");
      report.append(e.problems().size() == 1 ? "1 problem" : e.problems().size() + " problems");
      report.append(" in the modules of ").append(root).append(':');
      e.problems().forEach(p -> report.append("\n  ").append(p.describe(root)));
      throw StateToolException.problem(report.toString());
    }
  }

  /**
   * The environment of a job reading or writing state: the enclosing cluster when there is one (a
   * test's MiniCluster), else a local one; the modules' jars travel with the job.
   */
  static StreamExecutionEnvironment environment(LoadedModules modules) {
    Configuration conf = new Configuration();
    List<String> jars = new ArrayList<>();
    for (Path jar : modules.jars()) {
      jars.add(url(jar).toString());
    }
    if (!jars.isEmpty()) {
      conf.set(PipelineOptions.JARS, jars);
    }
    return StreamExecutionEnvironment.getExecutionEnvironment(conf);
  }

  /** A class loader that sees every module's classes, for reading a snapshot's metadata. */
  static ClassLoader classLoader(LoadedModules modules) {
    List<URL> urls = new ArrayList<>();
    modules.jars().forEach(jar -> urls.add(url(jar)));
    return new URLClassLoader(urls.toArray(URL[]::new), StateTool.class.getClassLoader());
  }

  private static URL url(Path jar) {
    try {
      return jar.toAbsolutePath().normalize().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("Not a valid jar path: " + jar, e);
    }
  }
}
