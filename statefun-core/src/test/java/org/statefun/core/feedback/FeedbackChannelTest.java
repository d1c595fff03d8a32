package org.statefun.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.function.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.spill.SpillFiles;
import org.statefun.core.spill.SpillingQueue;

class FeedbackChannelTest {

  /** Delivered items, in order: records as themselves, markers as "marker-<id>". */
  private static final class Recorder implements FeedbackChannel.Consumer<String> {
    final List<String> delivered = new ArrayList<>();

    @Override
    public void onRecord(String record) {
      delivered.add(record);
    }

    @Override
    public void onMarker(long checkpointId) {
      delivered.add("marker-" + checkpointId);
    }
  }

  /** Queues drain tasks; the test runs them explicitly, so every scheduling is counted. */
  private static final class ManualExecutor implements FeedbackChannel.DrainExecutor {
    final ArrayDeque<ThrowingRunnable<? extends Exception>> queued = new ArrayDeque<>();
    int scheduled;

    @Override
    public void execute(ThrowingRunnable<? extends Exception> drain) {
      scheduled++;
      queued.add(drain);
    }

    /** Runs queued drains, and those they schedule, until none is left (bounded: no spinning). */
    void runAll() throws Exception {
      ThrowingRunnable<? extends Exception> task;
      for (int ran = 0; (task = queued.poll()) != null; ran++) {
        assertThat(ran)
            .as("drains run in a row: the channel keeps scheduling itself")
            .isLessThan(100);
        task.run();
      }
    }
  }

  @Test
  void deliversRecordsAndMarkersInPutOrder() throws Exception {
    FeedbackChannel<String> channel = new FeedbackChannel<>("test");
    Recorder recorder = new Recorder();
    ManualExecutor executor = new ManualExecutor();
    channel.registerConsumer(recorder, executor);

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      channel.put("r" + i);
      expected.add("r" + i);
      if (i % 7 == 3) {
        channel.putMarker(i);
        expected.add("marker-" + i);
      }
      if (i % 13 == 0) {
        executor.runAll(); // drain at irregular points: batches of different sizes
      }
    }
    channel.putMarker(1000);
    expected.add("marker-1000");
    executor.runAll();

    assertThat(recorder.delivered).containsExactlyElementsOf(expected);
    assertThat(channel.size()).isZero();
  }

  @Test
  void deliversWhatWasPutBeforeTheConsumerRegistered() throws Exception {
    FeedbackChannel<String> channel = new FeedbackChannel<>("test");
    channel.put("a");
    channel.putMarker(1);
    channel.put("b");
    assertThat(channel.size()).isEqualTo(3);

    Recorder recorder = new Recorder();
    ManualExecutor executor = new ManualExecutor();
    channel.registerConsumer(recorder, executor);
    assertThat(executor.scheduled).as("registration schedules one drain").isEqualTo(1);
    channel.put("c");
    assertThat(executor.scheduled).as("a drain is already pending").isEqualTo(1);
    executor.runAll();

    assertThat(recorder.delivered).containsExactly("a", "marker-1", "b", "c");
  }

  @Test
  void registeringOnAnEmptyChannelSchedulesNothing() {
    FeedbackChannel<String> channel = new FeedbackChannel<>("test");
    ManualExecutor executor = new ManualExecutor();
    channel.registerConsumer(new Recorder(), executor);
    assertThat(executor.scheduled).isZero();
  }

  @Test
  void schedulesExactlyOneDrainPerEmptyToNonEmptyTransition() throws Exception {
    FeedbackChannel<String> channel = new FeedbackChannel<>("test");
    Recorder recorder = new Recorder();
    ManualExecutor executor = new ManualExecutor();
    channel.registerConsumer(recorder, executor);

    for (int round = 1; round <= 5; round++) {
      for (int i = 0; i < round * 10; i++) {
        channel.put(round + "-" + i);
        if (i % 4 == 0) {
          channel.putMarker(round * 100L + i);
        }
      }
      assertThat(executor.scheduled).as("drains after round %d", round).isEqualTo(round);
      assertThat(executor.queued).hasSize(1);
      executor.runAll();
      assertThat(channel.size()).isZero();
    }
    // Nothing put: no drain, however long we wait.
    assertThat(executor.scheduled).isEqualTo(5);
    assertThat(executor.queued).isEmpty();
  }

  @Test
  void aPutDuringADrainSchedulesTheNextDrainAndKeepsOrder() throws Exception {
    FeedbackChannel<String> channel = new FeedbackChannel<>("test");
    ManualExecutor executor = new ManualExecutor();
    List<String> delivered = new ArrayList<>();
    channel.registerConsumer(
        new FeedbackChannel.Consumer<>() {
          @Override
          public void onRecord(String record) {
            delivered.add(record);
            if (record.equals("first")) {
              // the head sends into the loop while it handles a record (as DISPATCH does)
              channel.put("during-1");
              channel.put("during-2");
            }
          }

          @Override
          public void onMarker(long checkpointId) {
            delivered.add("marker-" + checkpointId);
          }
        },
        executor);

    channel.put("first");
    channel.put("second");
    executor.queued.poll().run();
    assertThat(delivered).containsExactly("first", "second");
    assertThat(executor.scheduled).isEqualTo(2);
    assertThat(executor.queued).hasSize(1);
    executor.runAll();
    assertThat(delivered).containsExactly("first", "second", "during-1", "during-2");
    assertThat(executor.scheduled).isEqualTo(2);
  }

  @Test
  void aSecondConsumerIsRejected() {
    FeedbackChannel<String> channel = new FeedbackChannel<>("job-1/subtask-0/attempt-0");
    channel.registerConsumer(new Recorder(), new ManualExecutor());

    assertThatThrownBy(() -> channel.registerConsumer(new Recorder(), new ManualExecutor()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Feedback channel job-1/subtask-0/attempt-0 already has a consumer");
  }

  @Test
  void aRejectingExecutorClosesTheChannelAndCountsDroppedRecords() {
    FeedbackChannel<String> channel = new FeedbackChannel<>("test");
    channel.put("a");
    channel.put("b");
    channel.put("c");
    AtomicInteger attempts = new AtomicInteger();
    channel.registerConsumer(
        new Recorder(),
        drain -> {
          attempts.incrementAndGet();
          throw new RejectedExecutionException("mailbox closed");
        });

    assertThat(attempts).hasValue(1);
    assertThat(channel.size()).isZero();
    assertThat(channel.dropped()).isEqualTo(3);

    channel.put("d");
    channel.put("e");
    assertThat(attempts).as("a closed channel schedules nothing").hasValue(1);
    assertThat(channel.size()).isZero();
    assertThat(channel.dropped()).isEqualTo(5);
  }

  @Test
  void anExecutorThatStartsRejectingLaterClosesTheChannel() throws Exception {
    FeedbackChannel<String> channel = new FeedbackChannel<>("test");
    Recorder recorder = new Recorder();
    ManualExecutor accepting = new ManualExecutor();
    AtomicInteger open = new AtomicInteger(1);
    channel.registerConsumer(
        recorder,
        drain -> {
          if (open.get() == 0) {
            throw new RejectedExecutionException("mailbox closed");
          }
          accepting.execute(drain);
        });
    channel.put("a");
    accepting.runAll();
    assertThat(recorder.delivered).containsExactly("a");

    open.set(0);
    channel.put("b");
    channel.put("c");
    assertThat(channel.dropped()).isEqualTo(2);
    assertThat(channel.size()).isZero();
    assertThat(accepting.queued).isEmpty();
    assertThat(recorder.delivered).containsExactly("a");
  }

  @Test
  void concurrentProducerAndConsumerDeliverEverythingOnceInOrderWithoutBusyWaiting()
      throws Exception {
    final int records = 1_000_000;
    final int markerEvery = 1_000;
    FeedbackChannel<Integer> channel = new FeedbackChannel<>("concurrent");

    AtomicReference<Thread> headThread = new AtomicReference<>();
    ThreadPoolExecutor consumerThread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "head");
              headThread.set(t);
              return t;
            });
    AtomicInteger drains = new AtomicInteger();
    AtomicInteger emptyDrains = new AtomicInteger();
    AtomicReference<String> failure = new AtomicReference<>();
    CountDownLatch allDelivered = new CountDownLatch(1);
    int[] delivered = new int[1]; // consumer thread only: items seen so far
    int[] nextRecord = new int[1]; // consumer thread only

    FeedbackChannel.Consumer<Integer> consumer =
        new FeedbackChannel.Consumer<>() {
          @Override
          public void onRecord(Integer record) {
            delivered[0]++;
            if (record != nextRecord[0]) {
              failure.compareAndSet(
                  null, "expected record " + nextRecord[0] + " but got " + record);
            }
            nextRecord[0]++;
          }

          @Override
          public void onMarker(long checkpointId) {
            delivered[0]++;
            // marker m is put right after record m*markerEvery-1 and before the next record
            if (nextRecord[0] != checkpointId * markerEvery) {
              failure.compareAndSet(
                  null,
                  "marker " + checkpointId + " delivered after " + nextRecord[0] + " records");
            }
            if (checkpointId == records / markerEvery) {
              allDelivered.countDown();
            }
          }
        };
    channel.registerConsumer(
        consumer,
        drain ->
            consumerThread.execute(
                () -> {
                  drains.incrementAndGet();
                  int before = delivered[0];
                  try {
                    drain.run();
                  } catch (Exception e) {
                    failure.compareAndSet(null, e.toString());
                  }
                  if (delivered[0] == before) {
                    emptyDrains.incrementAndGet();
                  }
                }));

    Thread producer =
        new Thread(
            () -> {
              for (int i = 0; i < records; i++) {
                channel.put(i);
                if ((i + 1) % markerEvery == 0) {
                  channel.putMarker((i + 1) / markerEvery);
                }
              }
            },
            "tail");
    try {
      producer.start();
      producer.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(producer.isAlive()).as("producer finished").isFalse();
      assertThat(allDelivered.await(30, TimeUnit.SECONDS)).as("all delivered").isTrue();

      assertThat(failure.get()).isNull();
      int puts = records + records / markerEvery;
      assertThat(drains.get()).isBetween(1, puts);
      assertThat(emptyDrains).as("drains that found nothing to do").hasValue(0);
      assertThat(channel.size()).isZero();
      assertThat(channel.dropped()).isZero();

      // The producer has stopped and everything is delivered: the consumer thread parks and no
      // further drain is ever scheduled.
      awaitParked(consumerThread, headThread.get());
      long tasks = consumerThread.getTaskCount();
      assertThat(tasks).isEqualTo(drains.get());
      assertThat(consumerThread.getCompletedTaskCount()).isEqualTo(tasks);
      assertThat(consumerThread.getQueue()).isEmpty();
      // the final check of the consumer-side state happens on the consumer thread itself
      consumerThread.submit(() -> {}).get(10, TimeUnit.SECONDS);
      assertThat(delivered[0]).isEqualTo(puts);
      assertThat(nextRecord[0]).isEqualTo(records);
      assertThat(consumerThread.getTaskCount()).isEqualTo(tasks + 1);
    } finally {
      consumerThread.shutdownNow();
    }
  }

  /** Waits (bounded) until the executor's only thread waits for work. */
  private static void awaitParked(ThreadPoolExecutor executor, Thread thread)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != Thread.State.WAITING || executor.getActiveCount() != 0) {
      assertThat(System.nanoTime()).as("consumer thread parked in time").isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  /** Strings in spill files. */
  private static final class StringCodec implements SpillingQueue.Codec<String> {
    @Override
    public int keyGroup(String element) {
      return 0;
    }

    @Override
    public void serialize(String element, DataOutputView out) throws IOException {
      out.writeUTF(element);
    }

    @Override
    public String deserialize(DataInputView in) throws IOException {
      return in.readUTF();
    }
  }

  @TempDir Path spillDir;

  private long spillFiles() throws IOException {
    try (Stream<Path> files = Files.list(spillDir)) {
      return files.count();
    }
  }

  @Test
  void recordsBeyondTheLimitSpillWhileTheConsumerIsBusyAndArriveInOrderWithTheMarkers()
      throws Exception {
    FeedbackChannel<String> channel = new FeedbackChannel<>("spilling");
    Recorder recorder = new Recorder();
    ManualExecutor executor = new ManualExecutor();
    channel.registerConsumer(
        recorder,
        executor,
        new FeedbackChannel.Spilling<>(
            new StringCodec(),
            new StringCodec(),
            10,
            new SpillFiles(new File[] {spillDir.toFile()}, "channel-")));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      channel.put("r" + i);
      expected.add("r" + i);
      if (i % 100 == 99) {
        channel.putMarker(i / 100);
        expected.add("marker-" + (i / 100));
      }
    }
    // The consumer has not run yet: 10 records are objects, the rest went to disk around the
    // markers.
    assertThat(channel.spilledBytes()).isGreaterThan(990 * 4);
    assertThat(channel.size()).as("10 records, 10 markers, 10 spilled runs").isEqualTo(30);
    assertThat(spillFiles()).isEqualTo(10);
    executor.runAll();
    assertThat(recorder.delivered).containsExactlyElementsOf(expected);
    assertThat(spillFiles()).as("delivered runs are deleted").isZero();

    channel.put("after");
    executor.runAll();
    assertThat(recorder.delivered).endsWith("after");
  }

  @Test
  void closingDropsWhatIsQueuedAndDeletesSpillFiles() throws Exception {
    FeedbackChannel<String> channel = new FeedbackChannel<>("closing");
    ManualExecutor executor = new ManualExecutor();
    channel.registerConsumer(
        new Recorder(),
        executor,
        new FeedbackChannel.Spilling<>(
            new StringCodec(),
            new StringCodec(),
            2,
            new SpillFiles(new File[] {spillDir.toFile()}, "channel-")));
    for (int i = 0; i < 50; i++) {
      channel.put("r" + i);
    }
    channel.close();
    assertThat(channel.dropped()).isEqualTo(50);
    assertThat(spillFiles()).isZero();
  }

  @Test
  void aBusyConsumerGetsAFewRecordsPerDrainExceptUpToAWaitingMarkerAndOrderHolds()
      throws Exception {
    FeedbackChannel<String> channel = new FeedbackChannel<>("busy");
    List<String> delivered = new ArrayList<>();
    boolean[] busy = {true};
    ManualExecutor executor = new ManualExecutor();
    channel.registerConsumer(
        new FeedbackChannel.Consumer<>() {
          @Override
          public void onRecord(String record) {
            delivered.add(record);
          }

          @Override
          public void onMarker(long checkpointId) {
            delivered.add("marker-" + checkpointId);
          }

          @Override
          public boolean isBusy() {
            return busy[0];
          }
        },
        executor);
    int backlog = 3 * FeedbackChannel.MIN_PER_DRAIN;
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < backlog; i++) {
      channel.put("r" + i);
      expected.add("r" + i);
    }
    executor.queued.poll().run();
    assertThat(delivered)
        .containsExactlyElementsOf(expected.subList(0, FeedbackChannel.MIN_PER_DRAIN));
    assertThat(executor.queued).as("the rest waits for the next drain").hasSize(1);

    // A checkpoint marker waits behind the backlog: everything up to it is delivered now.
    channel.putMarker(1);
    expected.add("marker-1");
    for (int i = 0; i < FeedbackChannel.MIN_PER_DRAIN + 5; i++) {
      channel.put("a" + i);
      expected.add("a" + i);
    }
    executor.queued.poll().run();
    executor.queued.poll().run();
    assertThat(delivered)
        .containsExactlyElementsOf(
            expected.subList(0, backlog + 1 + FeedbackChannel.MIN_PER_DRAIN));

    busy[0] = false;
    executor.runAll();
    assertThat(delivered).containsExactlyElementsOf(expected);
  }
}
