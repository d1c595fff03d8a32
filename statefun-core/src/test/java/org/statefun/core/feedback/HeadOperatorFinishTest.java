package org.statefun.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFinalizer;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.statefun.core.config.MemoryBudget;
import org.statefun.core.message.Envelope;
import org.statefun.core.message.EnvelopeSerializer;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;

/**
 * The head must not hold a checkpoint open past its end. When a bounded job ends, the head's task
 * finishes its operators, takes its last checkpoints, stops taking mail and then waits for the
 * async part of every checkpoint it took. A checkpoint whose loop log waits for the tail's marker
 * would keep the task (and the job) from ever finishing, because the marker's drain is mail.
 */
class HeadOperatorFinishTest {

  private static final int MAX_PARALLELISM = 128;
  private static final long TIMEOUT_SECONDS = 30;
  private static final Envelope IN_FLIGHT =
      new Envelope(new Address(new FunctionType("fin", "f"), "7"), null, "in flight");

  private final String loopId = "loop-" + UUID.randomUUID();

  private KeyedOneInputStreamOperatorTestHarness<String, Envelope, Envelope> harness()
      throws Exception {
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new HeadOperatorFactory(
                new HeadOperatorFactory.Settings(
                    loopId, 1, new MemoryBudget(MemorySize.ofMebiBytes(1)), true, true)),
            Envelope::key,
            Types.STRING,
            MAX_PARALLELISM,
            1,
            0);
    harness.setup(new EnvelopeSerializer());
    return harness;
  }

  @Test
  void finishingCompletesACheckpointStillWaitingForItsMarker() throws Exception {
    CompletableFuture<OperatorSubtaskState> snapshot;
    try (var harness = harness()) {
      harness.open();
      HeadOperator head = (HeadOperator) harness.getOperator();
      snapshot = startCheckpoint(head, 1L);

      // A loop message arrives after barrier 1, before marker 1: it belongs to checkpoint 1's log.
      FeedbackChannel<Envelope> channel =
          LoopRegistry.acquire(LoopKey.of(head.getRuntimeContext(), loopId)).channel();
      channel.put(IN_FLIGHT);
      runMail(harness.getTaskMailbox());
      assertThat(snapshot).as("the log waits for marker 1").isNotDone();

      head.finish();
      // Marker 1 never comes (the task stopped taking mail); the checkpoint completes anyway.
      OperatorSubtaskState state = snapshot.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      LoopRegistry.release(LoopKey.of(head.getRuntimeContext(), loopId));

      assertThat(replayedFrom(state)).containsExactly(IN_FLIGHT);
    }
  }

  @Test
  void aCheckpointTakenAfterFinishingCompletesAtOnceAndIsEmpty() throws Exception {
    try (var harness = harness()) {
      harness.open();
      HeadOperator head = (HeadOperator) harness.getOperator();
      head.finish();
      OperatorSubtaskState state = startCheckpoint(head, 2L).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(replayedFrom(state)).isEmpty();
    }
  }

  /** Snapshots the head like its task does; the async part runs on another thread, as in Flink. */
  private static CompletableFuture<OperatorSubtaskState> startCheckpoint(
      HeadOperator head, long checkpointId) throws Exception {
    OperatorSnapshotFutures futures =
        head.snapshotState(
            checkpointId,
            checkpointId,
            CheckpointOptions.forCheckpointWithDefaultLocation(),
            new MemCheckpointStreamFactory(1 << 20));
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return OperatorSnapshotFinalizer.create(futures).getJobManagerOwnedState();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static void runMail(TaskMailbox mailbox) throws Exception {
    Optional<Mail> mail;
    while ((mail = mailbox.tryTake(TaskMailbox.MIN_PRIORITY)).isPresent()) {
      mail.get().run();
    }
  }

  /** What a head restored from {@code state} replays into its chain. */
  private List<Envelope> replayedFrom(OperatorSubtaskState state) throws Exception {
    try (var restored = harness()) {
      restored.initializeState(state);
      restored.open();
      return restored.getOutput().stream()
          .filter(StreamRecord.class::isInstance)
          .map(r -> (Envelope) ((StreamRecord<?>) r).getValue())
          .toList();
    }
  }
}
