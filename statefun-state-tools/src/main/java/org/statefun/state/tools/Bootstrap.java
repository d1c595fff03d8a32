package org.statefun.state.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.core.translation.OperatorUids;
import org.statefun.loader.LoadedModules;

/**
 * {@code bin/statefun state bootstrap}: checks every input line against the modules' declared
 * states, then writes a savepoint holding them as the functions operator's keyed state. The
 * savepoint is written beside {@code --out} and moved there only when complete.
 */
final class Bootstrap {
  /** The max parallelism a job has by default up to parallelism 64 (Flink's default). */
  static final int DEFAULT_MAX_PARALLELISM = 128;

  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final PrintStream out;

  Bootstrap(Map<String, String> environment, Path workingDirectory, PrintStream out) {
    this.environment = environment;
    this.workingDirectory = workingDirectory;
    this.out = out;
  }

  void run(StateArguments arguments) throws Exception {
    String inputArgument = arguments.required("input");
    Path input = workingDirectory.resolve(inputArgument);
    Path target = workingDirectory.resolve(arguments.required("out")).normalize();
    Path root = workingDirectory.resolve(arguments.required("modules")).normalize();
    int maxParallelism = maxParallelism(arguments);
    if (Files.exists(target) && !isEmptyDirectory(target)) {
      throw StateToolException.problem(
          "statefun state: --out " + target + " exists and is not an empty directory");
    }
    try (LoadedModules modules = ModuleSet.load(root, environment)) {
      DeclaredStates declared = DeclaredStates.of(modules.universe());
      List<Tuple2<String, String>> entries =
          BootstrapInput.read(input, inputArgument, declared, StateJson.mapper());

      StreamExecutionEnvironment env = ModuleSet.environment(modules);
      // The State Processor API hands the written subtask states (with Flink-private classes Kryo
      // cannot instantiate) to the operator that writes _metadata: one subtask chains them, and
      // object reuse keeps Kryo from copying them between the chained operators.
      env.setParallelism(1);
      env.getConfig().enableObjectReuse();
      StateBootstrapTransformation<Tuple2<String, String>> functions =
          OperatorTransformation.bootstrapWith(
                  env.fromData(entries, Types.TUPLE(Types.STRING, Types.STRING)))
              .keyBy(new StateWriter.ById(), Types.STRING)
              .transform(new StateWriter(declared.providers()));
      Path partial =
          target.resolveSibling(
              target.getFileName() + ".in-progress-" + ProcessHandle.current().pid());
      try {
        SavepointWriter.newSavepoint(env, new HashMapStateBackend(), maxParallelism)
            .withOperator(OperatorIdentifier.forUid(OperatorUids.FUNCTIONS), functions)
            .write(partial.toUri().toString());
        env.execute("statefun state bootstrap");
        Files.deleteIfExists(target);
        Files.move(partial, target);
      } finally {
        delete(partial);
      }
      out.println(
          "statefun state: wrote "
              + entries.size()
              + (entries.size() == 1 ? " state" : " states")
              + " into the savepoint "
              + target
              + " (max parallelism "
              + maxParallelism
              + ")");
    }
  }

  private static int maxParallelism(StateArguments arguments) {
    String text = arguments.option("max-parallelism").orElse(null);
    if (text == null) {
      return DEFAULT_MAX_PARALLELISM;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= 1 && value <= 32768) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new StateToolException(
        "statefun state: --max-parallelism "
            + text
            + ": expected a whole number from 1 to 32768 (bin/statefun state --help)",
        StateToolException.USAGE);
  }

  private static boolean isEmptyDirectory(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (Stream<Path> children = Files.list(path)) {
      return children.findAny().isEmpty();
    }
  }

  private static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
