package org.statefun.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointCoordinator;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.testutils.logging.LoggerAuditingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.event.Level;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.state.StateHarness.Backend;
import org.statefun.core.testing.CollectingSink;
import org.statefun.core.testing.Deadline;
import org.statefun.core.testing.Jobs;
import org.statefun.core.testing.MiniClusters;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.spi.StatefulFunctionModule;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

/**
 * What a user sees when a whole job meets a state it cannot restore or a state value it cannot
 * serialize: the failure's cause names the function type and state (and, through the dispatcher,
 * the address and message).
 */
class StateFailuresIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  /** Where Flink's "exceeded checkpoint tolerable failure threshold" failure sends the user. */
  @RegisterExtension
  final LoggerAuditingExtension checkpointLog =
      new LoggerAuditingExtension(CheckpointCoordinator.class, Level.INFO);

  static final IngressIdentifier<Long> IN = new IngressIdentifier<>(Long.class, "evolving", "in");
  static final EgressIdentifier<String> OUT =
      new EgressIdentifier<>(String.class, "evolving", "out");
  static final FunctionType PROFILES = new FunctionType("evolving", "profiles");

  /**
   * Keeps an {@code evolving.Profile}, a class the job loads from {@code pipeline.classpaths}, and
   * a far delayed message so the job runs until it is stopped with a savepoint.
   */
  static final class ProfileKeeper implements StatefulFunction {
    private final Class<?> profileClass;
    @Persisted final PersistedValue<Object> profile;

    @SuppressWarnings("unchecked")
    ProfileKeeper() {
      profileClass =
          CompiledClasses.load(Thread.currentThread().getContextClassLoader(), "evolving.Profile");
      profile = PersistedValue.of("profile", (Class<Object>) profileClass);
    }

    @Override
    public void invoke(Context context, Object message) {
      if (message instanceof Long n) {
        profile.set(StateEvolutionTest.newInstance(profileClass, "p" + n, n.intValue()));
        context.sendAfter(Duration.ofMinutes(10), context.self(), "later");
        context.send(OUT, "written " + context.self().id());
      }
    }
  }

  private static StatefulFunctionModule module(CollectingSink<String> sink) {
    return (config, binder) -> {
      binder.bindIngress(new SourceIngressSpec<>(IN, new NumberSequenceSource(1, 4)));
      binder.bindIngressRouter(IN, (n, down) -> down.forward(PROFILES, "p" + n, n));
      binder.bindFunctionProvider(PROFILES, t -> new ProfileKeeper());
      binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
    };
  }

  private static Configuration job(Backend backend, Path classes) throws Exception {
    Configuration conf = MiniClusters.checkpointed(Duration.ofMillis(300));
    conf.set(StateBackendOptions.STATE_BACKEND, backend.name().toLowerCase());
    conf.set(PipelineOptions.CLASSPATHS, List.of(classes.toUri().toURL().toString()));
    return conf;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aRenamedFieldFailsTheRestoredJobWithTheEvolutionMessageAsItsCause(
      Backend backend, @TempDir Path dir) throws Exception {
    ClassLoader v1 = CompiledClasses.compile(dir.resolve("v1"), StateEvolutionTest.PROFILE);
    CollectingSink<String> sink = CollectingSink.named("evolution-" + backend);
    Configuration before = job(backend, dir.resolve("v1/classes"));
    JobClient client =
        withContextClassLoader(v1, () -> Jobs.environment(module(sink), 2, before).executeAsync());
    Deadline.waitUntil(() -> sink.size() == 4, Duration.ofMinutes(1));
    String savepoint =
        client
            .stopWithSavepoint(
                false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
            .get(1, TimeUnit.MINUTES);

    ClassLoader v2 = CompiledClasses.compile(dir.resolve("v2"), StateEvolutionTest.PROFILE_RENAMED);
    Configuration restore = job(backend, dir.resolve("v2/classes"));
    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    assertThatThrownBy(
            () ->
                withContextClassLoader(
                    v2,
                    () -> {
                      Jobs.run(module(sink), 2, restore);
                      return null;
                    }))
        .satisfies(
            e -> {
              List<Throwable> chain = causes(e);
              assertThat(chain).hasSize(3); // job failed ← recovery suppressed ← the cause
              assertThat(chain.get(2))
                  .isExactlyInstanceOf(StateEvolutionException.class)
                  .hasMessage(
                      "Function type evolving/profiles, state 'profile' cannot be restored: class"
                          + " evolving.Profile lost field 'name' (java.lang.String) and gained"
                          + " field 'nickname' (java.lang.String). A removed or renamed field would"
                          + " restore as its default, silently dropping the stored values: put the"
                          + " field back with its old name and type (it may stay unused) and move"
                          + " its value to the new field in code.");
            });
  }

  static final FunctionType WRITERS = new FunctionType("unserializable", "writers");

  record Callback(String name, Runnable action) {}

  record Envelope(Object payload) {}

  /** Stores a record holding a lambda. */
  static final class CallbackWriter implements StatefulFunction {
    @Persisted
    final PersistedValue<Callback> callback = PersistedValue.of("callback", Callback.class);

    @Override
    public void invoke(Context context, Object message) {
      callback.set(new Callback("on-" + message, () -> {}));
    }
  }

  /**
   * Stores an envelope of text (which passes the per-class check), then, in a second invocation,
   * one holding a socket (same class: not checked again), and stays alive for a checkpoint.
   */
  static final class EnvelopeWriter implements StatefulFunction {
    @Persisted
    final PersistedValue<Envelope> envelope = PersistedValue.of("envelope", Envelope.class);

    @Override
    public void invoke(Context context, Object message) {
      if (message instanceof Long) {
        envelope.set(new Envelope("text"));
        context.send(context.self(), "socket");
      } else if ("socket".equals(message)) {
        envelope.set(new Envelope(new java.net.Socket()));
        context.sendAfter(Duration.ofMinutes(10), context.self(), "later");
        context.send(OUT, "stored a socket");
      }
    }
  }

  private static StatefulFunctionModule writing(StatefulFunctionProvider provider) {
    return (config, binder) -> {
      binder.bindIngress(new SourceIngressSpec<>(IN, new NumberSequenceSource(1, 1)));
      binder.bindIngressRouter(IN, (n, down) -> down.forward(WRITERS, "w" + n, n));
      binder.bindFunctionProvider(WRITERS, provider);
      binder.bindEgress(new SinkEgressSpec<>(OUT, CollectingSink.<String>named("unserializable")));
    };
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anUnserializableValueFailsTheJobNamingAddressMessageStateClassAndField(Backend backend)
      throws Exception {
    Configuration conf = MiniClusters.checkpointed(Duration.ofMillis(300));
    conf.set(StateBackendOptions.STATE_BACKEND, backend.name().toLowerCase());
    assertThatThrownBy(() -> Jobs.run(writing(t -> new CallbackWriter()), 2, conf))
        .satisfies(
            e ->
                assertThat(causes(e).get(2).getMessage())
                    .matches(
                        Pattern.quote(
                                "Function unserializable/writers at address"
                                    + " unserializable/writers/w1 failed on a message of type"
                                    + " java.lang.Long from an ingress: Function type"
                                    + " unserializable/writers, state 'callback': a value of class"
                                    + " org.statefun.core.state.StateFailuresIT$Callback cannot be"
                                    + " serialized: field 'action': Unable to find class:"
                                    + " org.statefun.core.state.StateFailuresIT$CallbackWriter$$Lambda")
                            + "[^ ]+"
                            + Pattern.quote(
                                " (lambdas cannot be serialized; use a record or a class)")));
  }

  /**
   * Flink fails the job with its own message ("Exceeded checkpoint tolerable failure threshold …
   * view … the Job Manager log"); the log entry it points to carries the named cause.
   */
  @Test
  void aValueThatOnlyFailsAtTheHeapCheckpointIsNamedWhereFlinkPointsTheUser() throws Exception {
    Configuration conf = MiniClusters.checkpointed(Duration.ofMillis(300));
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    assertThatThrownBy(() -> Jobs.run(writing(t -> new EnvelopeWriter()), 2, conf))
        .satisfies(
            e ->
                assertThat(causes(e).get(2).getMessage())
                    .startsWith(
                        "Exceeded checkpoint tolerable failure threshold. The latest checkpoint"
                            + " failed due to Asynchronous task checkpoint failed., view the"
                            + " Checkpoint History tab or the Job Manager log"));
    String named =
        Pattern.quote(
                "org.statefun.core.state.StateAccessException: Function type"
                    + " unserializable/writers, state 'envelope': a value of class"
                    + " org.statefun.core.state.StateFailuresIT$Envelope cannot be serialized:"
                    + " field 'payload': java.lang.reflect.InaccessibleObjectException: Unable to"
                    + " make field private boolean java.net.Socket.created accessible: module"
                    + " java.base does not \"opens java.net\" to unnamed module @")
            + "[0-9a-f]+"
            + Pattern.quote(" (a JDK class that is not data, such as a thread, stream or socket)");
    assertThat(checkpointLog.getEvents())
        .filteredOn(
            event -> event.getMessage().getFormattedMessage().startsWith("Decline checkpoint"))
        .anySatisfy(
            event ->
                assertThat(causes(event.getThrown()))
                    .anySatisfy(t -> assertThat(t.getMessage()).matches(named)));
  }

  /** The client validates functions by creating them: it needs their classes too. */
  private static <T> T withContextClassLoader(ClassLoader loader, Callable<T> action)
      throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return action.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static List<Throwable> causes(Throwable error) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
