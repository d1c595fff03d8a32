package org.statefun.core.termination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.groups.OperatorCoordinatorMetricGroup;
import org.apache.flink.runtime.checkpoint.CheckpointCoordinator;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.messages.Acknowledge;
import org.apache.flink.runtime.operators.coordination.CoordinatorStore;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.statefun.core.termination.TerminationEvents.InputDone;
import org.statefun.core.termination.TerminationEvents.Probe;
import org.statefun.core.termination.TerminationEvents.Report;

/**
 * Drives the termination protocol with two fake loop heads. Absence of a release is observed
 * through the next probe: the coordinator evaluates a wave and only then schedules the next one, so
 * a probe for wave n+1 proves wave n was evaluated without releasing.
 */
class LoopTerminationCoordinatorTest {

  private static final int PARALLELISM = 2;
  private static final long PROBE_INTERVAL_MILLIS = 1;
  private static final long TIMEOUT_SECONDS = 10;

  private final String loopId = "loop-" + UUID.randomUUID();
  private final AtomicInteger releases = new AtomicInteger();
  private final CountDownLatch released = new CountDownLatch(1);
  private final Runnable releaser =
      () -> {
        releases.incrementAndGet();
        released.countDown();
      };
  private final FakeGateway[] gateways = new FakeGateway[PARALLELISM];
  private LoopTerminationCoordinator coordinator;

  /** Records the probes sent to one subtask. */
  private static final class FakeGateway implements OperatorCoordinator.SubtaskGateway {
    private final int subtask;
    final LinkedBlockingQueue<Probe> probes = new LinkedBlockingQueue<>();

    FakeGateway(int subtask) {
      this.subtask = subtask;
    }

    @Override
    public CompletableFuture<Acknowledge> sendEvent(OperatorEvent event) {
      probes.add((Probe) event);
      return CompletableFuture.completedFuture(Acknowledge.get());
    }

    @Override
    public ExecutionAttemptID getExecution() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int getSubtask() {
      return subtask;
    }

    long nextWave() throws InterruptedException {
      Probe probe = probes.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(probe).as("probe to subtask %d", subtask).isNotNull();
      return probe.wave();
    }
  }

  private static final class FakeContext implements OperatorCoordinator.Context {
    @Override
    public int currentParallelism() {
      return PARALLELISM;
    }

    @Override
    public JobID getJobID() {
      throw new UnsupportedOperationException();
    }

    @Override
    public OperatorID getOperatorId() {
      throw new UnsupportedOperationException();
    }

    @Override
    public OperatorCoordinatorMetricGroup metricGroup() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void failJob(Throwable cause) {
      throw new AssertionError("the coordinator failed the job", cause);
    }

    @Override
    public ClassLoader getUserCodeClassloader() {
      return getClass().getClassLoader();
    }

    @Override
    public CoordinatorStore getCoordinatorStore() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isConcurrentExecutionAttemptsSupported() {
      return false;
    }

    @Override
    public CheckpointCoordinator getCheckpointCoordinator() {
      throw new UnsupportedOperationException();
    }
  }

  @BeforeEach
  void registerRelease() {
    IngressReleaseRegistry.register(loopId, releaser);
    coordinator = new LoopTerminationCoordinator(new FakeContext(), loopId, PROBE_INTERVAL_MILLIS);
  }

  @AfterEach
  void closeAndUnregister() {
    coordinator.close();
    IngressReleaseRegistry.unregister(loopId, releaser);
  }

  private void startWithGateways() {
    coordinator.start();
    for (int i = 0; i < PARALLELISM; i++) {
      gateways[i] = new FakeGateway(i);
      coordinator.executionAttemptReady(i, 0, gateways[i]);
    }
  }

  private void inputDone(int subtask) {
    coordinator.handleEventFromOperator(subtask, 0, new InputDone());
  }

  private void allInputDone() {
    for (int i = 0; i < PARALLELISM; i++) {
      inputDone(i);
    }
  }

  /** Waits for the next probe, which every subtask must receive with the same wave. */
  private long nextWave() throws InterruptedException {
    long wave = gateways[0].nextWave();
    for (int i = 1; i < PARALLELISM; i++) {
      assertThat(gateways[i].nextWave()).isEqualTo(wave);
    }
    return wave;
  }

  /** Both subtasks answer {@code wave}: subtask 0 with (idle0, s0, r0), subtask 1 likewise. */
  private void answer(long wave, boolean idle0, long s0, long r0, boolean idle1, long s1, long r1) {
    coordinator.handleEventFromOperator(0, 0, new Report(wave, idle0, s0, r0));
    coordinator.handleEventFromOperator(1, 0, new Report(wave, idle1, s1, r1));
  }

  /** Both idle; 10 messages sent, 10 received in total, unevenly across subtasks. */
  private void answerQuiet(long wave) {
    answer(wave, true, 7, 4, true, 3, 6);
  }

  /** The coordinator goes on probing: the wave answered before did not release. */
  private long expectNextWaveWithoutRelease(long previousWave) throws InterruptedException {
    long wave = nextWave();
    assertThat(wave).isGreaterThan(previousWave);
    assertThat(releases).as("releases").hasValue(0);
    return wave;
  }

  private void awaitRelease() throws Exception {
    assertThat(released.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("released").isTrue();
    flush();
    assertThat(releases).as("released exactly once").hasValue(1);
    for (FakeGateway gateway : gateways) {
      assertThat(gateway.probes).as("no probe after the release").isEmpty();
    }
  }

  private void flush() throws Exception {
    coordinator.flushForTesting().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private void assertNothingHappened() throws Exception {
    flush();
    for (FakeGateway gateway : gateways) {
      assertThat(gateway.probes).isEmpty();
    }
    assertThat(releases).hasValue(0);
  }

  @Test
  void probesOnlyOnceEverySubtaskReportedInputDone() throws Exception {
    startWithGateways();
    inputDone(0);
    inputDone(0);
    assertNothingHappened();

    inputDone(1);
    long wave = nextWave();
    answerQuiet(wave);
    answerQuiet(expectNextWaveWithoutRelease(wave));
    awaitRelease();
  }

  @Test
  void releasesAfterTwoConsecutiveIdenticalQuietWavesOnly() throws Exception {
    startWithGateways();
    allInputDone();
    long wave = nextWave();
    answerQuiet(wave);
    wave = expectNextWaveWithoutRelease(wave); // one quiet wave is not enough
    answerQuiet(wave);
    awaitRelease();
  }

  @Test
  void doesNotReleaseWhileSentDiffersFromReceived() throws Exception {
    startWithGateways();
    allInputDone();
    long wave = nextWave();
    for (int i = 0; i < 3; i++) {
      answer(wave, true, 7, 4, true, 3, 5); // one message in flight, counters unchanged
      wave = expectNextWaveWithoutRelease(wave);
    }
    answer(wave, true, 7, 4, true, 3, 6); // it arrived
    wave = expectNextWaveWithoutRelease(wave);
    answerQuiet(wave);
    awaitRelease();
  }

  @Test
  void doesNotReleaseWhileASubtaskIsBusy() throws Exception {
    startWithGateways();
    allInputDone();
    long wave = nextWave();
    for (int i = 0; i < 3; i++) {
      answer(wave, true, 7, 4, false, 3, 6); // counters balanced, but a timer is pending
      wave = expectNextWaveWithoutRelease(wave);
    }
    answerQuiet(wave); // first quiet wave after busy ones: not yet
    wave = expectNextWaveWithoutRelease(wave);
    answerQuiet(wave);
    awaitRelease();
  }

  @Test
  void doesNotReleaseWhenCountersMovedBetweenQuietWaves() throws Exception {
    startWithGateways();
    allInputDone();
    long wave = nextWave();
    answerQuiet(wave);
    wave = expectNextWaveWithoutRelease(wave);
    // quiet again, but messages went round the loop in between
    answer(wave, true, 8, 5, true, 4, 7);
    wave = expectNextWaveWithoutRelease(wave);
    answer(wave, true, 8, 5, true, 4, 7);
    awaitRelease();
  }

  @Test
  void quietWavesMustBeConsecutive() throws Exception {
    startWithGateways();
    allInputDone();
    long wave = nextWave();
    answerQuiet(wave);
    wave = expectNextWaveWithoutRelease(wave);
    answer(wave, false, 7, 4, true, 3, 6);
    wave = expectNextWaveWithoutRelease(wave);
    answerQuiet(wave); // same counters as two waves ago, but the wave between was busy
    wave = expectNextWaveWithoutRelease(wave);
    answerQuiet(wave);
    awaitRelease();
  }

  @Test
  void aWaveIsEvaluatedOnlyWhenEverySubtaskAnswered() throws Exception {
    startWithGateways();
    allInputDone();
    long wave = nextWave();
    answerQuiet(wave);
    wave = nextWave();
    coordinator.handleEventFromOperator(0, 0, new Report(wave, true, 7, 4));
    coordinator.handleEventFromOperator(0, 0, new Report(wave - 1, true, 3, 6)); // stale
    assertNothingHappened();
    coordinator.handleEventFromOperator(1, 0, new Report(wave, true, 3, 6));
    awaitRelease();
  }

  /** The ways Flink tells the coordinator that the subtasks went back to a checkpoint. */
  enum Reset {
    RESET_TO_CHECKPOINT {
      @Override
      void apply(LoopTerminationCoordinatorTest test) {
        test.coordinator.resetToCheckpoint(1L, new byte[0]);
      }
    },
    SUBTASK_RESET {
      @Override
      void apply(LoopTerminationCoordinatorTest test) {
        test.coordinator.subtaskReset(1, 1L);
      }
    },
    ATTEMPT_FAILED {
      @Override
      void apply(LoopTerminationCoordinatorTest test) {
        test.coordinator.executionAttemptFailed(1, 0, new RuntimeException("lost"));
        test.gateways[1] = new FakeGateway(1);
        test.coordinator.executionAttemptReady(1, 1, test.gateways[1]);
      }
    };

    abstract void apply(LoopTerminationCoordinatorTest test) throws Exception;
  }

  @ParameterizedTest
  @EnumSource(Reset.class)
  void aResetStartsTheProtocolOver(Reset reset) throws Exception {
    startWithGateways();
    allInputDone();
    long wave = nextWave();
    answerQuiet(wave);
    long interrupted = expectNextWaveWithoutRelease(wave);

    reset.apply(this);
    answerQuiet(interrupted); // answers to the wave before the reset count for nothing
    inputDone(0); // the heads must report their input done again
    assertNothingHappened();

    inputDone(1);
    wave = nextWave();
    assertThat(wave).isGreaterThan(interrupted);
    answerQuiet(wave); // identical to the quiet wave before the reset, but that one is forgotten
    wave = expectNextWaveWithoutRelease(wave);
    answerQuiet(wave);
    awaitRelease();
  }

  @Test
  void waitsForAFailedSubtaskToComeBackBeforeProbingIt() throws Exception {
    startWithGateways();
    FakeGateway lost = gateways[1];
    coordinator.executionAttemptFailed(1, 0, new RuntimeException("lost"));
    allInputDone();
    long abandoned = gateways[0].nextWave(); // subtask 0 is probed, but the wave cannot complete
    assertThat(lost.probes).isEmpty();
    answer(abandoned, true, 1, 1, true, 1, 1);
    assertThat(releases).hasValue(0);

    gateways[1] = new FakeGateway(1);
    coordinator.executionAttemptReady(1, 1, gateways[1]);
    long wave = gateways[1].nextWave();
    long probed0;
    do { // skip the probes of waves abandoned while subtask 1 was away
      probed0 = gateways[0].nextWave();
    } while (probed0 < wave);
    assertThat(probed0).isEqualTo(wave);
    answerQuiet(wave);
    answerQuiet(expectNextWaveWithoutRelease(wave));
    awaitRelease();
    assertThat(lost.probes).isEmpty();
  }

  @Test
  void restoringBeforeStartWorks() throws Exception {
    // On a restore at job start (from a savepoint, or after a JobManager failover) Flink resets
    // the coordinator to the checkpoint before it starts it.
    coordinator.resetToCheckpoint(3L, new byte[0]);
    startWithGateways();
    allInputDone();
    long wave = nextWave();
    answerQuiet(wave);
    answerQuiet(expectNextWaveWithoutRelease(wave));
    awaitRelease();
  }

  @Test
  void checkpointsRecordWhetherTheIngressesWereReleased() throws Exception {
    startWithGateways();
    assertThat(checkpoint(5L)).as("before the release").containsExactly(0);
    allInputDone();
    long wave = nextWave();
    answerQuiet(wave);
    answerQuiet(expectNextWaveWithoutRelease(wave));
    awaitRelease();
    assertThat(checkpoint(6L)).as("after the release").containsExactly(1);
  }

  @Test
  void restoringACheckpointTakenAfterTheReleaseReleasesAtOnce() throws Exception {
    coordinator.resetToCheckpoint(7L, new byte[] {1});
    startWithGateways();
    awaitRelease();
    assertThat(checkpoint(8L)).containsExactly(1);
  }

  @Test
  void restoringACheckpointTakenBeforeTheReleaseTakesTheReleaseBack() throws Exception {
    startWithGateways();
    allInputDone();
    long wave = nextWave();
    answerQuiet(wave);
    answerQuiet(expectNextWaveWithoutRelease(wave));
    awaitRelease();

    coordinator.resetToCheckpoint(9L, new byte[] {0});
    assertThat(checkpoint(10L)).containsExactly(0);
    Runnable lateReleaser = releases::incrementAndGet;
    IngressReleaseRegistry.register(loopId, lateReleaser);
    try {
      assertThat(releases).as("an ingress created after the restore stays held").hasValue(1);
    } finally {
      IngressReleaseRegistry.unregister(loopId, lateReleaser);
    }
  }

  private byte[] checkpoint(long checkpointId) throws Exception {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    coordinator.checkpointCoordinator(checkpointId, result);
    return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * A probe may reach a task that finished meanwhile (stop-with-savepoint while the loop is busy);
   * unless probes are loss tolerant, Flink fails the job over for the lost event ("An OperatorEvent
   * from an OperatorCoordinator to a task was lost"), seen in StateFailuresIT.
   */
  @Test
  void probesAreLossTolerantSoAFinishedTaskDoesNotFailTheJob() {
    assertThat(new TerminationEvents.Probe(1).isLossTolerant()).isTrue();
  }
}
