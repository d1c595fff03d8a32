package org.statefun.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;
import org.apache.flink.statefun.sdk.java.slice.Slices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.statefun.sdk.Address;
import org.statefun.sdk.AsyncOperationResult;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * The remote function against a function served by the official StateFun Java SDK over HTTP, one
 * address at a time; the runtime side (state per address, checkpoints, restarts) is covered by the
 * integration tests.
 */
class RemoteFunctionTest {

  static {
    // The JDK's HTTP server writes a response's headers and body separately; without TCP_NODELAY,
    // Nagle's algorithm and delayed ACKs hold each small response back ~40 ms. Read once, when the
    // first server is created in this JVM.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final FunctionType COUNTER = new FunctionType("test.fns", "counter");
  private static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();

  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger failuresToAnswer = new AtomicInteger();
  private volatile boolean answerGarbage;

  @BeforeEach
  void startServer() throws IOException {
    StatefulFunctions functions = new StatefulFunctions();
    functions.withStatefulFunction(
        StatefulFunctionSpec.builder(TypeName.typeNameFromString("test.fns/counter"))
            .withValueSpec(SEEN)
            .withSupplier(
                () ->
                    (context, message) -> {
                      int seen = context.storage().get(SEEN).orElse(0) + 1;
                      context.storage().set(SEEN, seen);
                      context.send(
                          MessageBuilder.forAddress(
                                  TypeName.typeNameFromString("test.fns/echo"), "x")
                              .withValue(message.asUtf8String() + "#" + seen)
                              .build());
                      return context.done();
                    })
            .build());
    RequestReplyHandler handler = functions.requestReplyHandler();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          byte[] request;
          try (InputStream in = exchange.getRequestBody()) {
            request = in.readAllBytes();
          }
          if (failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
            return;
          }
          byte[] body =
              answerGarbage
                  ? "<html>not a function</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8)
                  : handler.handle(Slices.wrap(request)).join().toByteArray();
          exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private EndpointSpec endpoint(Timeouts timeouts) {
    return new EndpointSpec(
        FunctionPattern.parse("test.fns/*"),
        "http://127.0.0.1:" + server.getAddress().getPort() + "/{function.name}",
        10,
        timeouts);
  }

  @Test
  void learnsTheStatesThenKeepsThemAcrossInvocations() {
    Driver driver = new Driver(new RemoteFunction(COUNTER, endpoint(Timeouts.defaults())));
    driver.deliver("hello");
    driver.deliver("again");

    assertThat(driver.sent)
        .containsExactly("test.fns/echo/x <- hello#1", "test.fns/echo/x <- again#2");
    // The first request lacks the state; the SDK names it missing; the batch goes again with it.
    assertThat(requests).hasValue(3);
  }

  @Test
  void messagesWhileARequestIsInFlightGoAsTheNextBatchInOrder() {
    Driver driver = new Driver(new RemoteFunction(COUNTER, endpoint(Timeouts.defaults())));
    driver.deliver("warm-up");
    driver.holdResults = true;
    driver.deliver("a");
    driver.deliver("b");
    driver.deliver("c");
    driver.holdResults = false;
    driver.completeHeld();

    assertThat(driver.sent)
        .containsExactly(
            "test.fns/echo/x <- warm-up#1",
            "test.fns/echo/x <- a#2",
            "test.fns/echo/x <- b#3",
            "test.fns/echo/x <- c#4");
    // warm-up (2 requests: missing state, then with it), a alone, then b and c in one batch.
    assertThat(requests).hasValue(4);
  }

  @Test
  void batchesAreCappedAndMessagesBeyondAFullBatchHoldAnAsyncSlotUntilTheirBatchGoes() {
    EndpointSpec capped =
        new EndpointSpec(
            FunctionPattern.parse("test.fns/*"),
            "http://127.0.0.1:" + server.getAddress().getPort() + "/{function.name}",
            2,
            Timeouts.defaults());
    Driver driver = new Driver(new RemoteFunction(COUNTER, capped));
    driver.deliver("warm-up");
    driver.holdResults = true;
    for (String m : List.of("a", "b", "c", "d", "e", "f")) {
      driver.deliver(m);
    }
    // "a" is in flight; b..f wait; d, e and f are beyond a batch of 2 and each hold a slot.
    assertThat(driver.slots).hasSize(3).noneMatch(CompletableFuture::isDone);
    assertThat(driver.metrics.count("remoteBacklog")).as("b..f wait").isEqualTo(5);
    assertThat(driver.metrics.count("remoteRequestsInFlight")).isEqualTo(1);
    driver.holdResults = false;
    driver.completeHeld();

    assertThat(driver.slots).allMatch(CompletableFuture::isDone);
    assertThat(driver.sent)
        .containsExactly(
            "test.fns/echo/x <- warm-up#1",
            "test.fns/echo/x <- a#2",
            "test.fns/echo/x <- b#3",
            "test.fns/echo/x <- c#4",
            "test.fns/echo/x <- d#5",
            "test.fns/echo/x <- e#6",
            "test.fns/echo/x <- f#7");
    // warm-up twice (missing state), then [a], [b c], [d e], [f].
    assertThat(requests).hasValue(6);
    assertThat(driver.metrics.count("remoteRequests")).isEqualTo(6);
    assertThat(driver.metrics.count("remoteResponses")).isEqualTo(6);
    assertThat(driver.metrics.count("remoteRequestsInFlight")).isZero();
    assertThat(driver.metrics.count("remoteBacklog")).isZero();
    assertThat(driver.metrics.count("remoteResponseTimeMicros")).isPositive();
  }

  @Test
  void retriesServerErrorsUntilTheServerAnswers() {
    Driver driver = new Driver(new RemoteFunction(COUNTER, endpoint(Timeouts.defaults())));
    failuresToAnswer.set(3);
    driver.deliver("hello");

    assertThat(driver.sent).containsExactly("test.fns/echo/x <- hello#1");
    assertThat(requests).hasValue(5);
  }

  @Test
  void failsWithTheTypeUrlStatusAndAttemptsWhenTheCallTimeoutPasses() {
    Duration call = Duration.ofMillis(300);
    Driver driver =
        new Driver(new RemoteFunction(COUNTER, endpoint(new Timeouts(call, call, call, call))));
    failuresToAnswer.set(Integer.MAX_VALUE);

    assertThatThrownBy(() -> driver.deliver("hello"))
        .isInstanceOf(RemoteCallException.class)
        .hasMessageStartingWith(
            "Remote function test.fns/counter at http://127.0.0.1:"
                + server.getAddress().getPort()
                + "/counter failed: HTTP status 500 (attempt ")
        .hasMessageEndingWith("until the call timeout of 300 ms passed)");
  }

  @Test
  void aServerThatIsNoStateFunFunctionIsNamedInOneLine() {
    Driver driver = new Driver(new RemoteFunction(COUNTER, endpoint(Timeouts.defaults())));
    answerGarbage = true;

    assertThatThrownBy(() -> driver.deliver("hello"))
        .isInstanceOf(RemoteCallException.class)
        .hasMessageStartingWith(
            "Remote function test.fns/counter at http://127.0.0.1:"
                + server.getAddress().getPort()
                + "/counter answered with a body that is not a StateFun FromFunction message"
                + " (27 bytes): ");
  }

  @Test
  void aRestoredInFlightBatchIsSentAgain() {
    RemoteFunction function = new RemoteFunction(COUNTER, endpoint(Timeouts.defaults()));
    Driver driver = new Driver(function);
    driver.deliver("first");
    driver.holdResults = true;
    driver.deliver("lost");
    byte[] batch = driver.held.peek().metadata;
    driver.held.clear();
    // What a restore reports for an operation that a checkpoint recorded in flight.
    driver.holdResults = false;
    driver.invoke(
        new AsyncOperationResult<>(batch, AsyncOperationResult.Status.UNKNOWN, null, null));

    assertThat(driver.sent)
        .containsExactly("test.fns/echo/x <- first#1", "test.fns/echo/x <- lost#2");
  }

  /** Runs one address of a remote function: async results are fed back as the runtime does. */
  private static final class Driver implements Context {
    private record Pending(byte[] metadata, CompletableFuture<?> future) {}

    private final RemoteFunction function;
    private final List<String> sent = new ArrayList<>();
    private final Deque<Pending> held = new ArrayDeque<>();
    private final List<CompletableFuture<?>> slots = new ArrayList<>();
    private boolean holdResults;
    private final TestMetrics metrics = new TestMetrics();

    Driver(RemoteFunction function) {
      this.function = function;
    }

    void deliver(String message) {
      invoke(message);
    }

    void invoke(Object message) {
      function.invoke(this, message);
    }

    void completeHeld() {
      while (!held.isEmpty()) {
        Pending pending = held.poll();
        invoke(result(pending));
      }
    }

    private static AsyncOperationResult<Object, Object> result(Pending pending) {
      try {
        Object value = pending.future.get(30, TimeUnit.SECONDS);
        return new AsyncOperationResult<>(
            pending.metadata, AsyncOperationResult.Status.SUCCESS, value, null);
      } catch (java.util.concurrent.ExecutionException e) {
        return new AsyncOperationResult<>(
            pending.metadata, AsyncOperationResult.Status.FAILURE, null, e.getCause());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public Address self() {
      return new Address(COUNTER, "id-1");
    }

    @Override
    public org.statefun.sdk.metrics.Metrics metrics() {
      return metrics;
    }

    @Override
    public Address caller() {
      return null;
    }

    @Override
    public void send(Address to, Object message) {
      sent.add(to + " <- " + message);
    }

    @Override
    public void send(FunctionType type, String id, Object message) {
      send(new Address(type, id), message);
    }

    @Override
    public <T> void send(EgressIdentifier<T> egress, T message) {
      sent.add(egress + " <- " + message);
    }

    @Override
    public void reply(Object message) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void sendAfter(Duration delay, Address to, Object message) {
      sent.add("after " + delay + ": " + to + " <- " + message);
    }

    @Override
    public void sendAfter(Duration delay, Address to, Object message, String token) {
      sent.add("after " + delay + " (" + token + "): " + to + " <- " + message);
    }

    @Override
    public void cancelDelayedMessage(String token) {
      sent.add("cancel " + token);
    }

    @Override
    public <M, T> void registerAsyncOperation(M metadata, CompletableFuture<T> future) {
      if (RemoteFunction.SLOT.equals(metadata)) {
        slots.add(future);
        return;
      }
      Pending pending = new Pending((byte[]) metadata, future);
      if (holdResults) {
        held.add(pending);
      } else {
        invoke(result(pending));
      }
    }
  }

  /** Counters in a map, as the SDK's Metrics describe them. */
  private static final class TestMetrics implements org.statefun.sdk.metrics.Metrics {
    private final Map<String, long[]> counts = new java.util.HashMap<>();

    long count(String name) {
      long[] count = counts.get(name);
      return count == null ? 0 : count[0];
    }

    @Override
    public org.statefun.sdk.metrics.Counter counter(String name) {
      long[] count = counts.computeIfAbsent(name, n -> new long[1]);
      return new org.statefun.sdk.metrics.Counter() {
        @Override
        public void inc() {
          count[0]++;
        }

        @Override
        public void inc(long n) {
          count[0] += n;
        }

        @Override
        public void dec() {
          count[0]--;
        }

        @Override
        public void dec(long n) {
          count[0] -= n;
        }

        @Override
        public long count() {
          return count[0];
        }
      };
    }
  }
}
