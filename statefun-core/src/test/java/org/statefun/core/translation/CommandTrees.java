package org.statefun.core.translation;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.statefun.sdk.Address;
import org.statefun.sdk.AsyncOperationResult;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

/**
 * Random trees of commands for the exactly-once tests. A root command tree per source record; a
 * function executing a batch increments its counter (reporting the new count to an exactly-once
 * egress), sends nested batches to other addresses (mostly on other subtasks), sends them after a
 * delay (some of which it cancels), or runs them after an async operation. The generator knows how
 * often each address must count, so the egress shows any loss (a count missing) or duplication (a
 * count twice).
 */
final class CommandTrees {
  private CommandTrees() {}

  static final FunctionType FN = new FunctionType("eo", "fn");

  /**
   * Bounces {@link Bounce} commands back to {@link #FN} at the same id: a cycle inside one subtask.
   */
  static final FunctionType ECHO = new FunctionType("eo", "echo");

  static final EgressIdentifier<String> COUNTS =
      new EgressIdentifier<>(String.class, "eo", "counts");

  interface Command extends Serializable {}

  record Increment() implements Command {}

  record Send(String target, Batch batch) implements Command {}

  record SendAfter(String target, long delayMillis, Batch batch) implements Command {}

  /**
   * Scheduled with a token and cancelled by a self-message: never runs, provided the cancellation
   * is processed before the message is due (see {@link Interpreter#Interpreter}).
   */
  record SendAfterThenCancel(String target, String token, Batch batch) implements Command {}

  record Async(long millis, Batch batch) implements Command {}

  /**
   * Ping-pongs {@code hops} times between FN and ECHO at the same id (never leaving the subtask),
   * then runs {@code batch} there.
   */
  record Bounce(int hops, Batch batch) implements Command {}

  /**
   * Sends {@code copies} messages to itself at once, each running {@code batch}: a local fan-out.
   */
  record Fan(int copies, Batch batch) implements Command {}

  record Cancel(String token) implements Serializable {}

  record Batch(List<Command> commands) implements Serializable {}

  /** The tree of source record {@code index}; the same index always gives the same tree. */
  static Batch tree(long seed, long index, int addresses) {
    Random random = new Random(seed * 1_000_003 + index);
    return batch(random, 0, addresses, index);
  }

  private static Batch batch(Random random, int depth, int addresses, long index) {
    List<Command> commands = new ArrayList<>();
    int size = 1 + random.nextInt(depth == 0 ? 4 : 3);
    for (int i = 0; i < size; i++) {
      int dice = depth >= 3 ? 0 : random.nextInt(100);
      String target = "a" + random.nextInt(addresses);
      if (dice < 40) {
        commands.add(new Increment());
      } else if (dice < 72) {
        commands.add(new Send(target, batch(random, depth + 1, addresses, index)));
      } else if (dice < 82) {
        commands.add(
            new SendAfter(
                target, 20 + random.nextInt(200), batch(random, depth + 1, addresses, index)));
      } else if (dice < 87) {
        String token = "t" + index + "-" + depth + "-" + i + "-" + random.nextInt(1_000_000);
        commands.add(
            new SendAfterThenCancel(target, token, batch(random, depth + 1, addresses, index)));
      } else if (dice < 91) {
        commands.add(
            new Bounce(1 + random.nextInt(60), batch(random, depth + 1, addresses, index)));
      } else if (dice < 94) {
        commands.add(new Fan(10 + random.nextInt(40), batch(random, 3, addresses, index)));
      } else {
        commands.add(new Async(5 + random.nextInt(40), batch(random, depth + 1, addresses, index)));
      }
    }
    return new Batch(commands);
  }

  /** Adds, per address, how many increments {@code batch} causes when run at {@code address}. */
  static void count(String address, Batch batch, Map<String, Integer> counts) {
    for (Command command : batch.commands()) {
      if (command instanceof Increment) {
        counts.merge(address, 1, Integer::sum);
      } else if (command instanceof Send send) {
        count(send.target(), send.batch(), counts);
      } else if (command instanceof SendAfter later) {
        count(later.target(), later.batch(), counts);
      } else if (command instanceof Async async) {
        count(address, async.batch(), counts);
      } else if (command instanceof Bounce bounce) {
        count(address, bounce.batch(), counts);
      } else if (command instanceof Fan fan) {
        for (int i = 0; i < fan.copies(); i++) {
          count(address, fan.batch(), counts);
        }
      }
    }
  }

  /** Every count every address must report: "address count" for 1..expected. */
  static List<String> expectedReports(long seed, long records, int addresses) {
    Map<String, Integer> counts = new TreeMap<>();
    for (long i = 0; i < records; i++) {
      count(root(i, addresses), tree(seed, i, addresses), counts);
    }
    List<String> reports = new ArrayList<>();
    counts.forEach(
        (address, count) -> {
          for (int c = 1; c <= count; c++) {
            reports.add(address + " " + c);
          }
        });
    return reports;
  }

  static String root(long index, int addresses) {
    return "a" + (index * 7919 % addresses);
  }

  static final ScheduledExecutorService ASYNC = Executors.newScheduledThreadPool(2);

  /** Decides, per invocation, whether to inject the failure now (true at most once). */
  @FunctionalInterface
  interface FailureTrigger extends Serializable {
    boolean failNow();
  }

  /** Async results delivered with status UNKNOWN (pending at a restored checkpoint). */
  static final java.util.concurrent.atomic.AtomicInteger UNKNOWN_RESULTS =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Returns every message to FN at the same id: the other half of a {@link Bounce}. */
  static final class Echo implements StatefulFunction {
    @Override
    public void invoke(Context context, Object message) {
      context.send(FN, context.self().id(), message);
    }
  }

  /** Runs batches. Throws once, when the trigger says so, to inject a failure. */
  static final class Interpreter implements StatefulFunction {
    private final FailureTrigger trigger;
    private final Duration doomedDelay;

    @Persisted final PersistedValue<Integer> count = PersistedValue.of("count", Integer.class);

    /**
     * @param doomedDelay the delay of {@link SendAfterThenCancel} messages. Their cancellation is a
     *     message that waits in the queue like any other, and through a restore (a checkpoint holds
     *     it queued, the restart takes its time, then the timer, already due, may fire before the
     *     replayed cancellation runs): cancelling is a race against the processing-time clock. A
     *     cancelled message runs only if it is due before its cancellation is processed, so where
     *     the expected reports count no cancelled message, this delay must exceed any such wait:
     *     far longer than a whole run. A run that loses messages, cancellations among them, waits
     *     this long for the cancelled messages before it can end.
     */
    Interpreter(FailureTrigger trigger, Duration doomedDelay) {
      this.trigger = trigger;
      this.doomedDelay = doomedDelay;
    }

    @Override
    public void invoke(Context context, Object message) {
      if (trigger.failNow()) {
        throw new IllegalStateException("injected failure");
      }
      if (message instanceof Cancel cancel) {
        context.cancelDelayedMessage(cancel.token());
        return;
      }
      if (message instanceof AsyncOperationResult<?, ?> result && result.unknown()) {
        UNKNOWN_RESULTS.incrementAndGet();
      }
      if (message instanceof Bounce bounce) {
        if (bounce.hops() > 0) {
          context.send(ECHO, context.self().id(), new Bounce(bounce.hops() - 1, bounce.batch()));
          return;
        }
        for (Command command : bounce.batch().commands()) {
          run(context, command);
        }
        return;
      }
      Batch batch =
          message instanceof AsyncOperationResult<?, ?> result
              ? (Batch) result.metadata()
              : (Batch) message;
      for (Command command : batch.commands()) {
        run(context, command);
      }
    }

    private void run(Context context, Command command) {
      if (command instanceof Increment) {
        int c = count.updateAndGet(v -> v == null ? 1 : v + 1);
        context.send(COUNTS, context.self().id() + " " + c);
      } else if (command instanceof Send send) {
        context.send(FN, send.target(), send.batch());
      } else if (command instanceof SendAfter later) {
        context.sendAfter(
            Duration.ofMillis(later.delayMillis()), new Address(FN, later.target()), later.batch());
      } else if (command instanceof SendAfterThenCancel doomed) {
        context.sendAfter(
            doomedDelay, new Address(FN, doomed.target()), doomed.batch(), doomed.token());
        context.send(context.self(), new Cancel(doomed.token()));
      } else if (command instanceof Bounce bounce) {
        context.send(context.self(), bounce);
      } else if (command instanceof Fan fan) {
        for (int i = 0; i < fan.copies(); i++) {
          context.send(context.self(), new Bounce(0, fan.batch()));
        }
      } else if (command instanceof Async async) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        ASYNC.schedule(() -> done.complete(true), async.millis(), TimeUnit.MILLISECONDS);
        context.registerAsyncOperation(async.batch(), done);
      }
    }
  }
}
