package org.statefun.testkit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.translation.UniverseTranslator;
import org.statefun.core.universe.Universe;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.loader.LoadedModules;
import org.statefun.loader.ModuleLoadException;
import org.statefun.loader.ModuleLoader;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.EgressSpec;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.spi.StatefulFunctionModule;

/**
 * Runs modules as the universal job does, on a Flink MiniCluster, until the run is quiescent, and
 * returns every egress's records: one call in a JUnit 5 test.
 *
 * <pre>{@code
 * ModuleRunResult result =
 *     ModuleRun.ofModule(Path.of("../../modules/greeter"))
 *         .input("demo/names", List.of("Alice", "Bob", "Alice"))
 *         .failAfter(2)
 *         .run();
 * assertThat(result.records("demo/greetings")).containsExactlyInAnyOrder(...);
 * }</pre>
 *
 * <ul>
 *   <li><b>Modules.</b> A modules directory ({@link #of(Path)}: module.yaml files and jars, loaded
 *       with their own class loaders exactly as {@code bin/statefun run} loads them), one module
 *       directory ({@link #ofModule(Path)}), or Java modules ({@link
 *       #of(StatefulFunctionModule...)}).
 *   <li><b>Input.</b> {@link #input} replaces an ingress with the given records, emitted in order
 *       by one reader; the ingress's routers stay. Ingresses without input run as the modules bind
 *       them (a file ingress reads its file), so give input to every unbounded one (Kafka, for
 *       example).
 *   <li><b>Output.</b> Every egress is replaced by a transactional capture: a record counts once
 *       the checkpoint that covers it completes, so the result is exactly what a read-committed
 *       consumer would see, even across a failure.
 *   <li><b>The run</b> has parallelism 2 (see {@link #parallelism}), checkpoints every 200 ms, and
 *       ends when nothing is in flight anywhere: ingresses done, no message in the loop, no delayed
 *       message or async operation pending (the runtime's bounded-run termination, never a
 *       timeout). If that takes longer than {@link #timeout} (default 2 minutes) the job is
 *       cancelled and the run fails.
 *   <li><b>An injected failure</b> ({@link #failAfter}): the job fails once when the n-th egress
 *       record reaches a sink, restarts from its last checkpoint, and the result must be the same.
 * </ul>
 *
 * <p>Inside a test class with a Flink {@code MiniClusterExtension}, the run uses that cluster;
 * otherwise it starts a local one for the run. The records a test gives and the records it gets
 * back stay in the test's JVM, so they need no serializer beyond what the runtime itself needs for
 * messages.
 */
public final class ModuleRun {

  /** The default parallelism of a run. */
  public static final int DEFAULT_PARALLELISM = 2;

  private final Path modulesDirectory;
  private final Path copiedFrom;
  private final List<StatefulFunctionModule> javaModules;
  private final Map<String, List<?>> inputs = new LinkedHashMap<>();
  private final Map<String, String> globalConfiguration = new LinkedHashMap<>();
  private final Map<String, String> environment = new LinkedHashMap<>(System.getenv());
  private final Configuration configuration = new Configuration();
  private int parallelism = DEFAULT_PARALLELISM;
  private Duration checkpointInterval = Duration.ofMillis(200);
  private Duration timeout = Duration.ofMinutes(2);
  private long failAfter;

  private ModuleRun(Path modulesDirectory, Path copiedFrom, List<StatefulFunctionModule> java) {
    this.modulesDirectory = modulesDirectory;
    this.copiedFrom = copiedFrom;
    this.javaModules = java;
  }

  /** Runs every module of {@code modulesDirectory} (a directory of module directories). */
  public static ModuleRun of(Path modulesDirectory) {
    return new ModuleRun(Objects.requireNonNull(modulesDirectory), null, null);
  }

  /**
   * Runs the one module in {@code moduleDirectory} (module.yaml and/or jars), as if it were alone
   * in a modules directory. The directory is copied for the run, so it is never written to.
   */
  public static ModuleRun ofModule(Path moduleDirectory) {
    return new ModuleRun(null, Objects.requireNonNull(moduleDirectory), null);
  }

  /** Runs Java modules from the test's class path. */
  public static ModuleRun of(StatefulFunctionModule... modules) {
    if (modules.length == 0) {
      throw new IllegalArgumentException("Give at least one module");
    }
    return new ModuleRun(null, null, List.of(modules));
  }

  /**
   * Feeds {@code records} into ingress {@code ingressId} ({@code namespace/name}) instead of its
   * bound source, in this order. Records must be instances of the ingress's record type.
   */
  public ModuleRun input(String ingressId, List<?> records) {
    inputs.put(Objects.requireNonNull(ingressId, "ingressId"), List.copyOf(records));
    return this;
  }

  /** As {@link #input(String, List)}. */
  public <T> ModuleRun input(IngressIdentifier<T> ingress, List<? extends T> records) {
    return input(ingress.toString(), records);
  }

  /**
   * Sets a module global configuration entry (what {@code configure(globalConfiguration, …)} sees).
   */
  public ModuleRun globalConfig(String key, String value) {
    globalConfiguration.put(key, value);
    return this;
  }

  /** Sets an environment variable for {@code ${VAR}} substitution in module.yaml files. */
  public ModuleRun env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Sets a Flink or {@code statefun.*} option of the job. */
  public ModuleRun config(String key, String value) {
    configuration.setString(key, value);
    return this;
  }

  /** The job's parallelism; 2 unless set. */
  public ModuleRun parallelism(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be positive, got " + parallelism);
    }
    this.parallelism = parallelism;
    return this;
  }

  /** How often the job checkpoints; 200 ms unless set. */
  public ModuleRun checkpointInterval(Duration interval) {
    this.checkpointInterval = Objects.requireNonNull(interval, "interval");
    return this;
  }

  /** How long the run may take to become quiescent; 2 minutes unless set. */
  public ModuleRun timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * Fails the job once, when the {@code records}-th egress record (of all egresses together)
   * reaches a sink; the job restarts from its last completed checkpoint (up to 3 restarts). The run
   * fails if the failure never struck (fewer records than that).
   */
  public ModuleRun failAfter(long records) {
    if (records < 1) {
      throw new IllegalArgumentException("failAfter needs a positive count, got " + records);
    }
    this.failAfter = records;
    return this;
  }

  /**
   * Runs the modules until the run is quiescent and returns what every egress received.
   *
   * @throws ModuleLoadException when the modules do not load (every problem is listed)
   * @throws AssertionError when the run is not quiescent within the timeout, or a requested failure
   *     never struck
   * @throws Exception when the job fails (the cause is the job's failure)
   */
  public ModuleRunResult run() throws Exception {
    Path temporary = null;
    Path root = modulesDirectory;
    if (copiedFrom != null) {
      temporary = Files.createTempDirectory("statefun-module-run");
      root = temporary.resolve("modules");
      copy(copiedFrom, root.resolve(copiedFrom.toAbsolutePath().normalize().getFileName()));
    }
    try {
      if (javaModules != null) {
        UniverseBuilder builder = new UniverseBuilder();
        for (int i = 0; i < javaModules.size(); i++) {
          StatefulFunctionModule module = javaModules.get(i);
          builder.addModule(
              module.getClass().getSimpleName() + (javaModules.size() > 1 ? "-" + i : ""),
              module,
              globalConfiguration);
        }
        return run(builder.build(), List.of());
      }
      try (LoadedModules modules =
          new ModuleLoader(ModuleRun.class.getClassLoader(), environment)
              .load(root, globalConfiguration)) {
        return run(modules.universe(), modules.jars());
      }
    } finally {
      if (temporary != null) {
        delete(temporary);
      }
    }
  }

  private ModuleRunResult run(Universe universe, List<Path> jars) throws Exception {
    String run = UUID.randomUUID().toString();
    List<String> sources = new ArrayList<>();
    CapturingSink.Capture capture = CapturingSink.start(run, failAfter);
    try {
      Universe rewritten = rewrite(universe, run, sources);
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration(jars));
      env.setParallelism(parallelism);
      UniverseTranslator.translate(env, rewritten);
      JobClient client = env.executeAsync("statefun ModuleRun");
      try {
        client.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        client.cancel().get(30, TimeUnit.SECONDS);
        throw new AssertionError(
            "The run was not quiescent within "
                + timeout
                + " (an unbounded ingress without input? a message cycle that never ends?);"
                + " egress records so far: "
                + committed(rewritten, capture));
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
      if (failAfter > 0 && !capture.failed.get()) {
        throw new AssertionError(
            "failAfter("
                + failAfter
                + ") was asked for, but the run wrote only "
                + capture.written.get()
                + " egress records: no failure was injected");
      }
      return new ModuleRunResult(committed(rewritten, capture), capture.failed.get());
    } finally {
      CapturingSink.release(run);
      sources.forEach(ListSource::release);
    }
  }

  private Configuration jobConfiguration(List<Path> jars) {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    conf.addAll(configuration);
    if (!jars.isEmpty()) {
      List<String> urls = new ArrayList<>(conf.getOptional(PipelineOptions.JARS).orElse(List.of()));
      for (Path jar : jars) {
        try {
          urls.add(jar.toAbsolutePath().normalize().toUri().toURL().toString());
        } catch (MalformedURLException e) {
          throw new IllegalArgumentException("Not a valid jar path: " + jar, e);
        }
      }
      conf.set(PipelineOptions.JARS, urls);
    }
    return conf;
  }

  /** The universe with the given inputs as sources and every egress captured. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Universe rewrite(Universe universe, String run, List<String> sources) {
    List<String> bound = universe.ingresses().stream().map(b -> b.spec().id().toString()).toList();
    for (String id : inputs.keySet()) {
      if (!bound.contains(id)) {
        throw new IllegalArgumentException(
            "Input for ingress " + id + ", which the modules do not bind; they bind " + bound);
      }
    }
    List<Universe.IngressBinding<?>> ingresses = new ArrayList<>();
    for (Universe.IngressBinding<?> binding : universe.ingresses()) {
      IngressIdentifier<?> id = binding.spec().id();
      List<?> records = inputs.get(id.toString());
      if (records == null) {
        ingresses.add(binding);
        continue;
      }
      for (Object record : records) {
        if (!id.producedType().isInstance(record)) {
          throw new IllegalArgumentException(
              "Ingress "
                  + id
                  + " produces "
                  + id.producedType().getName()
                  + "; the input has a "
                  + (record == null ? "null" : record.getClass().getName()));
        }
      }
      String key = run + "/" + id;
      sources.add(key);
      ingresses.add(
          new Universe.IngressBinding(
              new SourceIngressSpec(id, ListSource.of(key, records)), binding.routers()));
    }
    List<EgressSpec<?>> egresses = new ArrayList<>();
    for (EgressSpec<?> egress : universe.egresses()) {
      egresses.add(
          new SinkEgressSpec(
              (EgressIdentifier) egress.id(), new CapturingSink(run, egress.id().toString())));
    }
    return new Universe(
        ingresses,
        egresses,
        universe.functions(),
        universe.failurePolicies(),
        universe.namespaces(),
        universe.namespaceFailurePolicies());
  }

  private static Map<String, List<Object>> committed(
      Universe universe, CapturingSink.Capture capture) {
    Map<String, List<Object>> records = new LinkedHashMap<>();
    for (EgressSpec<?> egress : universe.egresses()) {
      String id = egress.id().toString();
      records.put(id, capture.committed(id));
    }
    return records;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + directory, e);
    }
  }
}
