package org.statefun.state.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.core.dispatch.DispatchStates;
import org.statefun.core.translation.OperatorUids;
import org.statefun.loader.LoadedModules;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunctionProvider;

/**
 * {@code bin/statefun state inspect}: prints the state of the addresses in a savepoint or
 * checkpoint as JSON lines sorted by type, id and state, then (without filters) one line per
 * subtask with the delayed messages pending there and the messages in flight on the feedback loop
 * (logged by the snapshot, replayed on restore).
 */
final class Inspect {
  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final PrintStream out;
  private final PrintStream err;

  Inspect(
      Map<String, String> environment, Path workingDirectory, PrintStream out, PrintStream err) {
    this.environment = environment;
    this.workingDirectory = workingDirectory;
    this.out = out;
    this.err = err;
  }

  void run(StateArguments arguments) throws Exception {
    Path path =
        workingDirectory.resolve(
            arguments
                .positional()
                .orElseThrow(
                    () ->
                        new StateToolException(
                            "statefun state: inspect needs the path of a savepoint or checkpoint"
                                + " (bin/statefun state --help)",
                            StateToolException.USAGE)));
    Path root = workingDirectory.resolve(arguments.required("modules")).normalize();
    String typeFilter = arguments.option("type").orElse(null);
    String idFilter = arguments.option("id").orElse(null);
    String stateFilter = arguments.option("state").orElse(null);
    try (LoadedModules modules = ModuleSet.load(root, environment)) {
      DeclaredStates declared = DeclaredStates.of(modules.universe());
      Map<FunctionType, StatefulFunctionProvider> providers =
          selectedTypes(declared, typeFilter, stateFilter);
      SavepointContents contents = SavepointContents.read(path, ModuleSet.classLoader(modules));
      checkSameModuleSet(contents, declared, root);

      StreamExecutionEnvironment env = ModuleSet.environment(modules);
      // One reader: the State Processor API's input format emits a null record for a split
      // without keys (e.g. reading a snapshot of one subtask with two), which fails the job.
      // The results go to a queue of this JVM, where the job runs.
      env.setParallelism(1);
      SavepointReader savepoint =
          SavepointReader.read(env, contents.directory().toString(), new HashMapStateBackend());
      List<String> lines = new ArrayList<>();
      Map<Integer, Long> delayedPerSubtask = new TreeMap<>();
      for (int i = 0; i < contents.parallelism(); i++) {
        delayedPerSubtask.put(i, 0L);
      }
      TypeInformation<Tuple2<String, Long>> output = Types.TUPLE(Types.STRING, Types.LONG);
      LocalCollector<Tuple2<String, Long>> collector = new LocalCollector<>();
      savepoint
          .readKeyedState(
              OperatorIdentifier.forUid(OperatorUids.FUNCTIONS),
              new StateReader(providers, idFilter, stateFilter),
              Types.STRING,
              output)
          .sinkTo(collector);
      try {
        env.execute("statefun state inspect");
      } finally {
        for (Tuple2<String, Long> result : collector.drain()) {
          if (result.f1 == StateReader.STATE_LINE) {
            lines.add(result.f0);
          } else if (result.f1 > 0) {
            int subtask =
                KeyGroupRangeAssignment.assignKeyToParallelOperator(
                    result.f0, contents.maxParallelism(), contents.parallelism());
            delayedPerSubtask.merge(subtask, result.f1, Long::sum);
          }
        }
      }
      lines.sort(null);
      if (idFilter != null && lines.isEmpty()) {
        throw StateToolException.problem(
            "statefun state: no state "
                + (typeFilter != null ? "of " + typeFilter + " " : "")
                + (stateFilter != null ? "named '" + stateFilter + "' " : "")
                + "for id '"
                + idFilter
                + "' in "
                + path);
      }
      lines.forEach(out::println);
      if (typeFilter == null && idFilter == null && stateFilter == null) {
        delayedPerSubtask.forEach(
            (subtask, pending) ->
                out.println(
                    "{\"subtask\":"
                        + subtask
                        + ",\"delayed_messages\":"
                        + pending
                        + ",\"loop_messages\":"
                        + contents.loopMessages().getOrDefault(subtask, 0L)
                        + "}"));
      }
    }
  }

  /** The types to read, after checking that the filters name declared types and states. */
  private static Map<FunctionType, StatefulFunctionProvider> selectedTypes(
      DeclaredStates declared, String typeFilter, String stateFilter) {
    Map<FunctionType, StatefulFunctionProvider> providers = new LinkedHashMap<>();
    if (typeFilter != null) {
      FunctionType type =
          declared
              .type(typeFilter)
              .orElseThrow(
                  () ->
                      StateToolException.problem(
                          "statefun state: --type "
                              + typeFilter
                              + ": the modules bind no such function type; they bind "
                              + declared.typeList()));
      if (stateFilter != null && declared.state(type, stateFilter).isEmpty()) {
        throw StateToolException.problem(
            "statefun state: --state "
                + stateFilter
                + ": function type "
                + type
                + " declares no such state; it declares "
                + declared.stateList(type));
      }
      providers.put(type, declared.providers().get(type));
      return providers;
    }
    if (stateFilter != null
        && declared.all().keySet().stream()
            .noneMatch(t -> declared.state(t, stateFilter).isPresent())) {
      throw StateToolException.problem(
          "statefun state: --state "
              + stateFilter
              + ": no function type of the modules declares such a state");
    }
    return declared.providers();
  }

  /**
   * Fails when the snapshot holds function state, none of it of a type these modules declare: a
   * snapshot of another module set; warns about stored states no type declares any more.
   */
  private void checkSameModuleSet(SavepointContents contents, DeclaredStates declared, Path root) {
    List<String> stored =
        contents.stateNames().stream()
            .filter(n -> !n.startsWith(DispatchStates.OWN_STATE_PREFIX) && !n.startsWith("_"))
            .toList();
    List<String> prefixes = new ArrayList<>();
    declared.all().keySet().forEach(t -> prefixes.add(t.namespace() + "." + t.name() + "."));
    List<String> unknown =
        stored.stream().filter(n -> prefixes.stream().noneMatch(n::startsWith)).toList();
    if (unknown.isEmpty()) {
      return;
    }
    if (unknown.size() == stored.size()) {
      throw StateToolException.problem(
          "statefun state: "
              + contents.directory()
              + " holds state ("
              + String.join(", ", unknown)
              + ") of none of the function types the modules of "
              + root
              + " bind ("
              + declared.typeList()
              + "): was it taken with another module set?");
    }
    err.println(
        "statefun state: warning: "
            + contents.directory()
            + " also holds state no function type of the modules declares: "
            + String.join(", ", unknown));
  }
}
