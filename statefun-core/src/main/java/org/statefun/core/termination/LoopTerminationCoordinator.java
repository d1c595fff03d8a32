package org.statefun.core.termination;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.statefun.core.termination.TerminationEvents.InputDone;
import org.statefun.core.termination.TerminationEvents.Probe;
import org.statefun.core.termination.TerminationEvents.Report;

/**
 * Decides when a job whose ingresses have all ended may finish: when no message is in flight
 * anywhere in the loop and no subtask holds a delayed message or async operation.
 *
 * <p>Once every loop head reported {@link InputDone}, the coordinator runs probe waves. Each head
 * answers with whether it is idle and how many messages it sent into and took out of the loop. The
 * loop is quiescent when two consecutive waves find every head idle, the same counters, and as many
 * messages received as sent: nothing happened between the two waves, so no message can be in
 * transit (the counting argument of distributed termination detection). Then the ingresses are
 * released and Flink finishes the job. A failover resets the protocol.
 */
public final class LoopTerminationCoordinator implements OperatorCoordinator {

  private static final Logger LOG = LoggerFactory.getLogger(LoopTerminationCoordinator.class);

  private final Context context;
  private final String loopId;
  private final long probeIntervalMillis;

  private final ScheduledExecutorService executor;

  // executor thread only
  private final SubtaskGateway[] gateways;
  private boolean[] inputDone;
  private Report[] reports;
  private long[] previousCounters;
  private long wave;
  private boolean waveRunning;
  private boolean released;

  LoopTerminationCoordinator(Context context, String loopId, long probeIntervalMillis) {
    this.context = context;
    this.loopId = loopId;
    this.probeIntervalMillis = probeIntervalMillis;
    this.gateways = new SubtaskGateway[context.currentParallelism()];
    // Created here, not in start(): Flink calls resetToCheckpoint before start() on a restore.
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "statefun-loop-termination-" + loopId);
              t.setDaemon(true);
              return t;
            });
    executor.execute(this::reset);
  }

  @Override
  public void start() {}

  @Override
  public void close() {
    executor.shutdownNow();
    IngressReleaseRegistry.forget(loopId);
  }

  @Override
  public void handleEventFromOperator(int subtask, int attemptNumber, OperatorEvent event) {
    executor.execute(() -> onEvent(subtask, event));
  }

  /** Completes once everything handed to the coordinator's thread before this call has run. */
  CompletableFuture<Void> flushForTesting() {
    return CompletableFuture.runAsync(() -> {}, executor);
  }

  private void onEvent(int subtask, OperatorEvent event) {
    if (event instanceof InputDone) {
      inputDone[subtask] = true;
      if (!waveRunning && !released && allTrue(inputDone)) {
        LOG.info("All ingresses of loop {} have ended; probing the loop for quiescence", loopId);
        startWave();
      }
    } else if (event instanceof Report report && report.wave() == wave && waveRunning) {
      reports[subtask] = report;
      if (Arrays.stream(reports).allMatch(r -> r != null)) {
        evaluateWave();
      }
    }
  }

  private void startWave() {
    wave++;
    waveRunning = true;
    Arrays.fill(reports, null);
    Probe probe = new Probe(wave);
    for (SubtaskGateway gateway : gateways) {
      if (gateway == null) {
        // A subtask is not (yet) running; a failover or its registration will restart the wave.
        waveRunning = false;
        scheduleWave();
        return;
      }
      gateway.sendEvent(probe);
    }
  }

  private void evaluateWave() {
    waveRunning = false;
    long sent = 0;
    long received = 0;
    boolean idle = true;
    long[] counters = new long[reports.length * 2];
    for (int i = 0; i < reports.length; i++) {
      idle &= reports[i].idle();
      sent += reports[i].sent();
      received += reports[i].received();
      counters[2 * i] = reports[i].sent();
      counters[2 * i + 1] = reports[i].received();
    }
    boolean quiet = idle && sent == received;
    if (quiet && Arrays.equals(counters, previousCounters)) {
      LOG.info(
          "Loop {} is quiescent ({} messages sent and received through the loop); ending the ingresses",
          loopId,
          sent);
      released = true;
      IngressReleaseRegistry.releaseAll(loopId);
      return;
    }
    previousCounters = quiet ? counters : null;
    scheduleWave();
  }

  private void scheduleWave() {
    long expectedWave = wave;
    executor.schedule(
        () -> {
          if (wave == expectedWave && !waveRunning && !released) {
            startWave();
          }
        },
        probeIntervalMillis,
        TimeUnit.MILLISECONDS);
  }

  private void reset() {
    int parallelism = gateways.length;
    inputDone = new boolean[parallelism];
    reports = new Report[parallelism];
    previousCounters = null;
    wave++;
    waveRunning = false;
    released = false;
  }

  private static boolean allTrue(boolean[] values) {
    for (boolean v : values) {
      if (!v) {
        return false;
      }
    }
    return true;
  }

  /**
   * Remembers whether the ingresses were released. Coordinators are snapshotted before the tasks,
   * so a checkpoint that says "released" was taken after the loop became quiescent for good; a
   * restore from it releases again at once (ingress instances that had already finished will not
   * report their end a second time).
   */
  @Override
  public void checkpointCoordinator(long checkpointId, CompletableFuture<byte[]> result) {
    executor.execute(() -> result.complete(new byte[] {(byte) (released ? 1 : 0)}));
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {}

  @Override
  public void resetToCheckpoint(long checkpointId, byte[] checkpointData) {
    boolean wasReleased =
        checkpointData != null && checkpointData.length == 1 && checkpointData[0] == 1;
    if (wasReleased) {
      IngressReleaseRegistry.releaseAll(loopId);
    } else {
      IngressReleaseRegistry.reset(loopId);
    }
    executor.execute(
        () -> {
          reset();
          released = wasReleased;
        });
  }

  @Override
  public void subtaskReset(int subtask, long checkpointId) {
    executor.execute(this::reset);
  }

  @Override
  public void executionAttemptFailed(int subtask, int attemptNumber, Throwable reason) {
    executor.execute(
        () -> {
          gateways[subtask] = null;
          reset();
        });
  }

  @Override
  public void executionAttemptReady(int subtask, int attemptNumber, SubtaskGateway gateway) {
    executor.execute(() -> gateways[subtask] = gateway);
  }

  /** Creates the coordinator in the JobManager; serialized into the job graph. */
  public static final class Provider implements OperatorCoordinator.Provider {
    private static final long serialVersionUID = 1L;

    private final OperatorID operatorId;
    private final String loopId;
    private final long probeIntervalMillis;

    public Provider(OperatorID operatorId, String loopId, long probeIntervalMillis) {
      this.operatorId = operatorId;
      this.loopId = loopId;
      this.probeIntervalMillis = probeIntervalMillis;
    }

    @Override
    public OperatorID getOperatorId() {
      return operatorId;
    }

    @Override
    public OperatorCoordinator create(Context context) {
      return new LoopTerminationCoordinator(context, loopId, probeIntervalMillis);
    }
  }
}
