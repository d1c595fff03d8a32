package org.statefun.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.message.Envelope;
import org.statefun.core.spill.SpillFiles;
import org.statefun.core.spill.SpillingQueue;
import org.statefun.sdk.Address;
import org.statefun.sdk.AsyncOperationResult;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * Drives the dispatcher without Flink: the task, the mailbox, the outputs, delayed messages and
 * failure policies are fakes that record what the dispatcher asked of them.
 */
class DispatcherTest {

  private static final FunctionType A = new FunctionType("test", "a");
  private static final FunctionType B = new FunctionType("test", "b");
  private static final EgressIdentifier<String> OUT =
      new EgressIdentifier<>(String.class, "test", "out");

  @TempDir Path spillDir;

  private final FakeTask task = new FakeTask();
  private final List<Envelope> loop = new ArrayList<>();
  private final List<Object> egress = new ArrayList<>();
  private final FakeDelayed delayed = new FakeDelayed();
  private final List<String> failures = new ArrayList<>();
  private final Map<FunctionType, StatefulFunction> functions = new HashMap<>();

  /** "type/id: message" per invocation, in order. */
  private final List<String> invocations = new ArrayList<>();

  private Dispatcher dispatcher;

  @AfterEach
  void close() throws Exception {
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  // ---- routing ----

  @Test
  void messageToLocalIdIsQueuedAndInvokedHereNotSentIntoTheLoop() throws Exception {
    functions.put(
        A,
        (context, message) -> {
          invocations.add(context.self() + ": " + message);
          context.send(B, "local-2", "hello");
        });
    functions.put(B, recording());
    start(100, 10);

    dispatcher.accept(ingress(A, "local-1", "go"));

    assertThat(invocations).containsExactly("test/a/local-1: go", "test/b/local-2: hello");
    assertThat(loop).isEmpty();
    assertThat(task.keys).containsExactly("local-1", "local-2");
    assertThat(dispatcher.isIdle()).isTrue();
  }

  @Test
  void messageToIdOfAnotherSubtaskGoesToTheLoopOutputAndIsNotInvoked() throws Exception {
    functions.put(A, (context, message) -> context.send(B, "remote-7", "hello"));
    functions.put(B, recording());
    start(100, 10);

    dispatcher.accept(ingress(A, "local-1", "go"));

    assertThat(invocations).isEmpty();
    assertThat(loop)
        .containsExactly(
            new Envelope(new Address(B, "remote-7"), new Address(A, "local-1"), "hello"));
    assertThat(task.pendingLetters()).isZero();
  }

  @Test
  void egressMessageGoesToItsEgressOutput() throws Exception {
    functions.put(A, (context, message) -> context.send(OUT, "out:" + message));
    start(100, 10);

    dispatcher.accept(ingress(A, "local-1", "x"));
    dispatcher.accept(ingress(A, "local-1", "y"));

    assertThat(egress).containsExactly("out:x", "out:y");
    assertThat(loop).isEmpty();
  }

  @Test
  void egressLookedUpByIdNotByIdentity() {
    start(100, 10);
    EgressIdentifier<String> sameId = new EgressIdentifier<>(String.class, "test", "out");

    dispatcher.sendToEgress(new Address(A, "1"), sameId, "m");

    assertThat(egress).containsExactly("m");
  }

  @Test
  void egressMessageToUnboundEgressOrOfWrongTypeFails() {
    start(100, 10);
    Address from = new Address(A, "1");
    EgressIdentifier<String> unbound = new EgressIdentifier<>(String.class, "test", "nowhere");
    @SuppressWarnings({"unchecked", "rawtypes"})
    EgressIdentifier<Object> asObject = (EgressIdentifier) OUT;

    assertThatThrownBy(() -> dispatcher.sendToEgress(from, unbound, "m"))
        .isInstanceOf(MessageDeliveryException.class)
        .hasMessage(
            "Function test/a/1 sent a message to egress test/nowhere, but no egress with that id is"
                + " bound. Bound egresses: [test/out]");
    assertThatThrownBy(() -> dispatcher.sendToEgress(from, asObject, 42))
        .isInstanceOf(MessageDeliveryException.class)
        .hasMessage(
            "Function test/a/1 sent a message of type java.lang.Integer to egress test/out, which"
                + " accepts java.lang.String");
    assertThat(egress).isEmpty();
  }

  @Test
  void messageToUnboundTypeFailsAtTheSender() {
    start(100, 10);
    Envelope toUnbound =
        new Envelope(new Address(new FunctionType("test", "none"), "1"), new Address(A, "2"), "m");

    assertThatThrownBy(() -> dispatcher.send(toUnbound))
        .isInstanceOf(MessageDeliveryException.class)
        .hasMessage(
            "Function test/a/2 sent a message to test/none/1, but no function type test/none is"
                + " bound. Bound function types: [test/a, test/b]");
    assertThat(loop).isEmpty();
  }

  @Test
  void aFailingOutputIsNotTheFunctionsFault() {
    functions.put(A, (context, message) -> context.send(B, "remote-1", "m"));
    functions.put(B, recording());
    start(
        100,
        10,
        envelope -> {
          throw new IllegalStateException("network down");
        });

    assertThatThrownBy(() -> dispatcher.accept(ingress(A, "local-1", "go")))
        .isInstanceOf(OutputFailure.class)
        .hasMessage(
            "Could not hand a message to the loop towards test/b/remote-1:"
                + " java.lang.IllegalStateException: network down");
    assertThat(failures).isEmpty();
  }

  // ---- batches and order ----

  @Test
  void yieldsToTheMailboxAfterBatchSizeInvocations() throws Exception {
    // A function that messages itself forever.
    functions.put(
        A,
        (context, message) -> {
          invocations.add(String.valueOf(message));
          context.send(context.self(), (Integer) message + 1);
        });
    start(3, 10);

    dispatcher.accept(ingress(A, "local-1", 1));

    assertThat(invocations).containsExactly("1", "2", "3");
    assertThat(task.descriptions).containsExactly("statefun queued messages");

    task.runNextLetter();

    assertThat(invocations).containsExactly("1", "2", "3", "4", "5", "6");
    assertThat(task.pendingLetters()).isEqualTo(1);
    assertThat(dispatcher.isIdle()).isFalse();
  }

  @Test
  void aScheduledContinuationKeepsTheOrderAcrossSteps() throws Exception {
    functions.put(A, recording());
    start(2, 10);

    dispatcher.accept(ingress(A, "local-1", "m1"));
    dispatcher.accept(ingress(A, "local-1", "m2"));
    dispatcher.accept(ingress(A, "local-1", "m3")); // budget of this step spent: queued

    assertThat(invocations).containsExactly("test/a/local-1: m1", "test/a/local-1: m2");
    assertThat(task.pendingLetters()).isEqualTo(1);

    dispatcher.beginStep();
    dispatcher.accept(ingress(A, "local-1", "m4")); // the continuation runs them, in order

    assertThat(invocations).hasSize(2);
    task.runNextLetter();
    assertThat(invocations)
        .containsExactly(
            "test/a/local-1: m1", "test/a/local-1: m2", "test/a/local-1: m3", "test/a/local-1: m4");
  }

  @Test
  void localMessagesRunFirstInFirstOut() throws Exception {
    functions.put(
        A,
        (context, message) -> {
          for (int i = 1; i <= 5; i++) {
            context.send(B, i % 2 == 0 ? "local-even" : "local-odd", "m" + i);
          }
        });
    functions.put(B, recording());
    start(100, 10);

    dispatcher.accept(ingress(A, "local-1", "go"));

    assertThat(invocations)
        .containsExactly(
            "test/b/local-odd: m1",
            "test/b/local-even: m2",
            "test/b/local-odd: m3",
            "test/b/local-even: m4",
            "test/b/local-odd: m5");
  }

  @Test
  void backloggedWhileMoreThanOneBatchIsQueued() throws Exception {
    functions.put(
        A,
        (context, message) -> {
          for (int i = 0; i < 3; i++) {
            context.send(B, "local-2", i);
          }
        });
    functions.put(B, recording());
    start(2, 10);

    dispatcher.accept(ingress(A, "local-1", "go"));

    // A's three sends spent the step's budget of 2; the three B messages wait, more than a batch.
    assertThat(invocations).isEmpty();
    assertThat(dispatcher.isBacklogged()).isTrue();
    task.runNextLetter();
    assertThat(invocations).hasSize(2);
    assertThat(dispatcher.isBacklogged()).isFalse();
    task.runNextLetter();
    assertThat(invocations).hasSize(3);
    assertThat(dispatcher.isIdle()).isTrue();
  }

  @Test
  void anInvocationCostsTheMessagesItSendsOfItsStepsBudget() throws Exception {
    functions.put(
        A,
        (context, message) -> {
          invocations.add(String.valueOf(message));
          for (int i = 0; i < 4; i++) {
            context.send(B, "remote-" + i, message);
          }
        });
    start(10, 10);
    for (int m = 1; m <= 5; m++) {
      dispatcher.enqueue(ingress(A, "local-1", m));
    }

    dispatcher.run();

    // 4 + 4 < 10, so a third runs; 12 ≥ 10 ends the step: 3 invocations, not 5.
    assertThat(invocations).containsExactly("1", "2", "3");
    assertThat(loop).hasSize(12);
    assertThat(task.pendingLetters()).isEqualTo(1);
    task.runNextLetter();
    assertThat(invocations).containsExactly("1", "2", "3", "4", "5");
    assertThat(loop).hasSize(20);
  }

  // ---- effects of an invocation ----

  @Test
  void runsTheFunctionUnderItsClassLoaderAndRestoresTheCallers() throws Exception {
    ClassLoader callers = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader functionLoader = new URLClassLoader(new URL[0], callers)) {
      List<ClassLoader> seen = new ArrayList<>();
      StatefulFunction function =
          (context, message) -> seen.add(Thread.currentThread().getContextClassLoader());
      start(100, 10, loop::add, Map.of(A, new LiveFunction(A, function, functionLoader)));

      dispatcher.accept(ingress(A, "local-1", "go"));

      assertThat(seen).containsExactly(functionLoader);
      assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(callers);
    }
  }

  @Test
  void aFailingInvocationGoesToTheFailurePolicyAndTheNextMessageRuns() throws Exception {
    ClassLoader callers = Thread.currentThread().getContextClassLoader();
    functions.put(
        A,
        (context, message) -> {
          if (message.equals("bad")) {
            throw new IllegalArgumentException("no");
          }
          invocations.add(context.self() + ": " + message);
        });
    start(100, 10);

    dispatcher.accept(ingress(A, "local-1", "bad"));
    dispatcher.accept(ingress(A, "local-1", "good"));

    assertThat(failures)
        .containsExactly("test/a/local-1 bad: java.lang.IllegalArgumentException: no");
    assertThat(invocations).containsExactly("test/a/local-1: good");
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(callers);
  }

  @Test
  void delayedMessagesAreStoredAndDeliveredWhenTheirTimerFires() throws Exception {
    functions.put(
        A,
        (context, message) ->
            context.sendAfter(Duration.ofSeconds(5), new Address(B, "local-2"), "later", "t1"));
    functions.put(B, recording());
    start(100, 10);

    dispatcher.accept(ingress(A, "local-1", "go"));

    assertThat(delayed.scheduled)
        .containsExactly("test/a/local-1 5000ms t1 -> test/b/local-2: later");
    assertThat(invocations).isEmpty();
    assertThat(dispatcher.isIdle()).isFalse(); // a delayed message is pending

    Envelope fired = delayed.fire(0);
    dispatcher.deliverDelayed(fired);

    assertThat(invocations).containsExactly("test/b/local-2: later");
    assertThat(dispatcher.isIdle()).isTrue();
  }

  @Test
  void restoredMessagesOfAnUnboundTypeAreDroppedAndCounted() throws Exception {
    start(100, 10);
    Envelope orphan =
        new Envelope(new Address(new FunctionType("test", "gone"), "local-1"), null, "m");

    dispatcher.deliverDelayed(orphan);
    dispatcher.accept(orphan);

    assertThat(task.dropped).isEqualTo(2);
    assertThat(task.keys).isEmpty();
    assertThat(loop).isEmpty();
  }

  @Test
  void asyncResultComesBackAsAMailboxLetterToItsOwner() throws Exception {
    CompletableFuture<String> future = new CompletableFuture<>();
    List<AsyncOperationResult<?, ?>> results = new ArrayList<>();
    functions.put(
        A,
        (context, message) -> {
          if (message instanceof AsyncOperationResult<?, ?> result) {
            results.add(result);
          } else {
            context.registerAsyncOperation("meta", future);
          }
        });
    start(100, 10);

    dispatcher.accept(ingress(A, "local-1", "go"));
    assertThat(dispatcher.isIdle()).isFalse();
    assertThat(task.pendingLetters()).isZero();

    future.complete("value");
    assertThat(task.descriptions).containsExactly("statefun async result");
    task.runNextLetter();

    assertThat(results).hasSize(1);
    assertThat(results.get(0).status()).isEqualTo(AsyncOperationResult.Status.SUCCESS);
    assertThat(results.get(0).metadata()).isEqualTo("meta");
    assertThat(results.get(0).value()).isEqualTo("value");
    assertThat(dispatcher.isIdle()).isTrue();
    assertThat(task.removedAsync).isEmpty(); // never written into keyed state
  }

  @Test
  void invocationsPauseWhileAsyncOperationsAreAtTheirLimit() throws Exception {
    CompletableFuture<String> future = new CompletableFuture<>();
    functions.put(
        A,
        (context, message) -> {
          if (message.equals("go")) {
            context.registerAsyncOperation("meta", future);
          }
        });
    functions.put(B, recording());
    start(100, 1);

    dispatcher.accept(ingress(A, "local-1", "go"));
    dispatcher.accept(ingress(B, "local-2", "waits"));

    assertThat(invocations).isEmpty();
    assertThat(dispatcher.isBacklogged()).isTrue();

    // A checkpoint writes the operation into keyed state; its completion removes it from there.
    List<Long> persisted = new ArrayList<>();
    dispatcher.persistNewAsync((id, pending) -> persisted.add(id));
    future.complete("done");
    task.runNextLetter();

    assertThat(persisted).containsExactly(0L);
    assertThat(task.removedAsync).containsExactly("test/a/local-1#0");
    assertThat(invocations).containsExactly("test/b/local-2: waits");
    assertThat(dispatcher.isBacklogged()).isFalse();
  }

  @Test
  void anAsyncResultRunsAheadOfQueuedMessagesThatWouldRefillTheLimit() throws Exception {
    // A's operation ends only when A handles the result of its first one (as a remote function's
    // waiting messages do): queued behind "more", which takes the freed slot, the result would
    // never run.
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> held = new CompletableFuture<>();
    functions.put(
        A,
        (context, message) -> {
          if (message instanceof AsyncOperationResult<?, ?> result) {
            invocations.add("result " + result.metadata());
            held.complete("released");
          } else if (message.equals("go")) {
            context.registerAsyncOperation("first", first);
          } else {
            context.registerAsyncOperation("held", held);
          }
        });
    start(100, 2);

    dispatcher.accept(ingress(A, "local-1", "go"));
    dispatcher.accept(ingress(A, "local-1", "more"));
    dispatcher.accept(ingress(A, "local-1", "more"));
    // two operations in flight: at the limit, the second "more" waits in the queue
    first.complete("done");
    task.runNextLetter();
    task.runNextLetter();

    assertThat(invocations).containsExactly("result first", "result held");
    assertThat(dispatcher.isBacklogged()).isFalse();
  }

  @Test
  void queuedMessagesAreHandedToACheckpointSerialized() throws Exception {
    functions.put(A, recording());
    start(1, 10);

    dispatcher.accept(ingress(A, "local-1", "runs"));
    dispatcher.accept(ingress(A, "local-1", "waits"));
    List<Integer> keyGroups = new ArrayList<>();
    dispatcher.forEachQueued((keyGroup, bytes, offset, length) -> keyGroups.add(keyGroup));

    assertThat(keyGroups).containsExactly(KeyGroupRangeAssignment.assignToKeyGroup("local-1", 128));
    assertThat(invocations).containsExactly("test/a/local-1: runs");
  }

  // ---- metrics ----

  @Test
  void metricsCountEachTypesInvocationsAndWhereItsSendsWent() throws Exception {
    CompletableFuture<String> operation = new CompletableFuture<>();
    functions.put(
        A,
        (context, message) -> {
          context.metrics().counter("seen").inc();
          if (message instanceof AsyncOperationResult<?, ?>) {
            return;
          }
          context.send(B, "local-2", "to a local id");
          context.send(B, "remote-3", "through the loop");
          context.send(OUT, "to the egress");
          context.sendAfter(Duration.ofSeconds(1), new Address(B, "local-2"), "later");
          context.registerAsyncOperation("op", operation);
        });
    functions.put(B, recording());
    Map<FunctionType, LiveFunction> live = new HashMap<>();
    functions.forEach(
        (type, fn) -> live.put(type, new LiveFunction(type, fn, getClass().getClassLoader())));
    start(100, 10, loop::add, live);

    dispatcher.accept(ingress(A, "local-1", "go"));
    FunctionMetrics a = live.get(A).metrics();
    FunctionMetrics b = live.get(B).metrics();

    assertThat(a.messagesIn).isEqualTo(1);
    assertThat(a.messagesOutLocal).isEqualTo(1);
    assertThat(a.messagesOutLoop).isEqualTo(1);
    assertThat(a.messagesOutEgress).isEqualTo(1);
    assertThat(a.delayedPending).isEqualTo(1);
    assertThat(a.asyncInFlight).isEqualTo(1);
    assertThat(b.messagesIn).as("the local message").isEqualTo(1);
    assertThat(b.messagesOutLocal + b.messagesOutLoop + b.messagesOutEgress).isZero();

    operation.complete("done");
    task.runNextLetter();
    dispatcher.deliverDelayed(delayed.fire(0));

    assertThat(a.asyncInFlight).isZero();
    assertThat(a.delayedPending).isZero();
    assertThat(a.messagesIn).as("the message and the async result").isEqualTo(2);
    assertThat(b.messagesIn).as("and the delayed message").isEqualTo(2);
    assertThat(((org.statefun.core.metrics.LocalMetrics) a.user()).counts())
        .isEqualTo(Map.of("seen", 2L));
  }

  // ---- fixtures ----

  private void start(int batchSize, int maxAsync) {
    start(batchSize, maxAsync, loop::add);
  }

  private void start(int batchSize, int maxAsync, Dispatcher.LoopOutput loopOutput) {
    Map<FunctionType, LiveFunction> live = new HashMap<>();
    functions.forEach(
        (type, fn) -> live.put(type, new LiveFunction(type, fn, getClass().getClassLoader())));
    start(batchSize, maxAsync, loopOutput, live);
  }

  private void start(
      int batchSize,
      int maxAsync,
      Dispatcher.LoopOutput loopOutput,
      Map<FunctionType, LiveFunction> live) {
    SpillingQueue<Envelope> queue =
        new SpillingQueue<>(
            new QueuedEnvelopeCodec(128),
            4 * batchSize,
            1 << 20,
            new SpillFiles(new File[] {spillDir.toFile()}, "queue-"));
    dispatcher =
        new Dispatcher(
            new BoundTypes(Set.of(A, B)),
            Map.of(OUT.toString(), new Dispatcher.EgressOutput(OUT, egress::add)),
            batchSize,
            maxAsync,
            queue,
            live::get,
            delayed,
            (envelope, error) ->
                failures.add(envelope.target() + " " + envelope.payload() + ": " + error),
            new SerializabilityCheck(),
            task,
            loopOutput);
  }

  private StatefulFunction recording() {
    return (context, message) -> invocations.add(context.self() + ": " + message);
  }

  private static Envelope ingress(FunctionType type, String id, Object message) {
    return new Envelope(new Address(type, id), null, message);
  }

  /** Ids starting with "local" belong to this subtask; letters wait until a test runs them. */
  private static final class FakeTask implements Dispatcher.Task {
    final List<String> keys = new ArrayList<>();
    final ArrayDeque<Mailbox.Letter> letters = new ArrayDeque<>();
    final List<String> descriptions = new ArrayList<>();
    final List<String> removedAsync = new ArrayList<>();
    int dropped;

    @Override
    public void setCurrentKey(String id) {
      keys.add(id);
    }

    @Override
    public boolean isLocal(String id) {
      return id.startsWith("local");
    }

    @Override
    public void execute(Mailbox.Letter letter, String description) {
      letters.add(letter);
      descriptions.add(description);
    }

    @Override
    public void removePersistedAsync(Address owner, long id) {
      removedAsync.add(owner + "#" + id);
    }

    @Override
    public void countDropped() {
      dropped++;
    }

    int pendingLetters() {
      return letters.size();
    }

    void runNextLetter() throws Exception {
      letters.remove().run();
    }
  }

  /** Keeps delayed messages in a list; a test fires them. */
  private static final class FakeDelayed implements Dispatcher.DelayedSends {
    final List<String> scheduled = new ArrayList<>();
    final List<Envelope> envelopes = new ArrayList<>();
    int pending;

    @Override
    public void schedule(Address sender, long delayMillis, Envelope envelope, String token) {
      scheduled.add(
          sender
              + " "
              + delayMillis
              + "ms "
              + token
              + " -> "
              + envelope.target()
              + ": "
              + envelope.payload());
      envelopes.add(envelope);
      pending++;
    }

    @Override
    public boolean cancel(Address sender, String token) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int pending() {
      return pending;
    }

    Envelope fire(int index) {
      pending--;
      return envelopes.get(index);
    }
  }
}
