package org.statefun.distribution.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.slice.Slices;
import org.apache.flink.statefun.sdk.reqreply.generated.Address;
import org.apache.flink.statefun.sdk.reqreply.generated.ToFunction;
import org.statefun.core.testing.Deadline;

/**
 * Serves remote functions written with the official StateFun Java SDK over the JDK's HTTP server on
 * an ephemeral localhost port, for tests: every POST (to any path) is a {@code ToFunction},
 * answered with the SDK handler's {@code FromFunction} as {@code application/octet-stream}.
 *
 * <p>Fault switches: {@link #stop()} drops the port abruptly (like a killed server: open
 * connections are closed, requests in progress get no answer) and {@link #restart()} listens on the
 * same port again; {@link #failNext(int)} answers HTTP 500 to the next requests; {@link #hang()}
 * holds every request unanswered until {@link #release()}; {@link #delayEach(Duration)} answers
 * every request only after a delay (a slow server).
 *
 * <p>Observation: every request received is recorded (before any fault is applied) with its target
 * address and batch size (the number of invocations), parsed with the SDK's own generated protocol
 * classes; {@link #maxConcurrentRequests()} is the most requests ever in progress at once
 * (received, not yet answered).
 */
public final class JavaFunctionServer implements AutoCloseable {

  static {
    // The JDK's HTTP server writes a response's headers and body separately; without TCP_NODELAY,
    // Nagle's algorithm and delayed ACKs hold each small response back ~40 ms. Read once, when the
    // first server is created in this JVM.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** One request as received. */
  public record Request(String address, int batchSize, int stateValues) {}

  private final RequestReplyHandler handler;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<ToFunction> received = new CopyOnWriteArrayList<>();
  private final Map<String, List<Integer>> batchSizes = new ConcurrentHashMap<>();
  private final AtomicInteger failuresToInject = new AtomicInteger();
  private final AtomicInteger injectedFailures = new AtomicInteger();
  private final AtomicInteger hanging = new AtomicInteger();
  private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
  private final AtomicInteger concurrent = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();
  private volatile Duration delay = Duration.ZERO;

  private volatile int port;
  private HttpServer server;
  private ExecutorService executor;

  private JavaFunctionServer(RequestReplyHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /** Starts serving {@code functions} on an ephemeral localhost port. */
  public static JavaFunctionServer start(StatefulFunctions functions) {
    return start(functions.requestReplyHandler());
  }

  /** Starts serving {@code handler} on an ephemeral localhost port. */
  public static JavaFunctionServer start(RequestReplyHandler handler) {
    JavaFunctionServer server = new JavaFunctionServer(handler);
    server.listen(0);
    return server;
  }

  /** The port; the same after {@link #restart()}. */
  public int port() {
    return port;
  }

  /**
   * The URL functions are served at, for a module.yaml endpoint: {@code
   * http://localhost:<port>/statefun} (the path does not matter to this server).
   */
  public String url() {
    return "http://localhost:" + port + "/statefun";
  }

  /** Whether the server is listening. */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /**
   * Stops abruptly: the port stops accepting, open connections are closed, requests in progress
   * (also hanging ones) are never answered. Does nothing when already stopped.
   */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    HttpServer stopping = server;
    server = null;
    stopping.stop(0);
    // Hanging requests end without an answer: their connections are closed already.
    CountDownLatch held = hold.get();
    if (held != null) {
      held.countDown();
    }
    executor.shutdownNow();
    executor = null;
  }

  /**
   * Listens again on the same port, keeping the recorded requests and the switches (a {@link
   * #hang()} still in effect holds new requests too).
   *
   * @throws IllegalStateException when running
   */
  public synchronized void restart() {
    if (server != null) {
      throw new IllegalStateException("the function server is running");
    }
    CountDownLatch held = hold.get();
    if (held != null && held.getCount() == 0) {
      // stop() let the held requests go; a hang in effect holds the new ones.
      hold.set(new CountDownLatch(1));
    }
    listen(port);
  }

  @Override
  public void close() {
    release();
    stop();
  }

  /** Answers HTTP 500 (without calling the functions) to the next {@code requests} requests. */
  public void failNext(int requests) {
    failuresToInject.set(requests);
  }

  /** How many requests were answered with an injected HTTP 500. */
  public int injectedFailures() {
    return injectedFailures.get();
  }

  /** Holds every request unanswered from now until {@link #release()}. */
  public void hang() {
    hold.compareAndSet(null, new CountDownLatch(1));
  }

  /** Answers the held requests (normally, as if they had just arrived) and stops holding. */
  public void release() {
    CountDownLatch held = hold.getAndSet(null);
    if (held != null) {
      held.countDown();
    }
  }

  /**
   * Answers every request from now on only {@code delay} after it arrived (after a {@link #hang()}
   * ends); {@link Duration#ZERO} answers at once again.
   */
  public void delayEach(Duration delay) {
    this.delay = Objects.requireNonNull(delay, "delay");
  }

  /**
   * The most requests that were in progress at the same time (received and not answered yet, held
   * ones included) since the start or {@link #clearRecords()}.
   */
  public int maxConcurrentRequests() {
    return maxConcurrent.get();
  }

  /** How many requests are being held by {@link #hang()} right now. */
  public int hangingRequests() {
    return hanging.get();
  }

  /** Every request received so far, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * Every parsable request received so far, in arrival order: e.g. to check the state values the
   * runtime sent ({@code getInvocation().getStateList()}).
   */
  public List<ToFunction> received() {
    return List.copyOf(received);
  }

  /** How many requests were received so far. */
  public int requestCount() {
    return requests.size();
  }

  /**
   * The batch size of each request received for {@code address} ({@code namespace/name/id}), in
   * arrival order.
   */
  public List<Integer> batchSizes(String address) {
    return List.copyOf(batchSizes.getOrDefault(address, List.of()));
  }

  /** Batch sizes per address ({@code namespace/name/id}). */
  public Map<String, List<Integer>> batchSizes() {
    Map<String, List<Integer>> copy = new ConcurrentHashMap<>();
    batchSizes.forEach((address, sizes) -> copy.put(address, List.copyOf(sizes)));
    return copy;
  }

  /** Forgets the recorded requests. */
  public void clearRecords() {
    requests.clear();
    received.clear();
    batchSizes.clear();
    maxConcurrent.set(concurrent.get());
  }

  /** Waits until at least {@code atLeast} requests were received, failing after {@code timeout}. */
  public void awaitRequests(int atLeast, Duration timeout) throws TimeoutException {
    Deadline.waitUntil(() -> requestCount() >= atLeast, timeout);
  }

  /** Waits until {@code count} requests are held by {@link #hang()}. */
  public void awaitHanging(int count, Duration timeout) throws TimeoutException {
    Deadline.waitUntil(() -> hangingRequests() >= count, timeout);
  }

  private void listen(int requestedPort) {
    HttpServer created;
    try {
      created =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + requestedPort, e);
    }
    ExecutorService threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "java-function-server-" + port);
              t.setDaemon(true);
              return t;
            });
    created.createContext("/", this::handle);
    created.setExecutor(threads);
    created.start();
    port = created.getAddress().getPort();
    server = created;
    executor = threads;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "text/plain", "POST a ToFunction".getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      record(body);
      maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      boolean inProgress = true;
      try {
        if (!awaitRelease() || !awaitDelay()) {
          return; // stopped while held: the connection is gone, no answer
        }
        int status;
        String contentType;
        byte[] answer;
        if (takeFailure()) {
          injectedFailures.incrementAndGet();
          status = 500;
          contentType = "text/plain";
          answer = "injected failure".getBytes(StandardCharsets.UTF_8);
        } else {
          try {
            answer = handler.handle(Slices.wrap(body)).join().toByteArray();
            status = 200;
            contentType = "application/octet-stream";
          } catch (RuntimeException e) { // the function threw, or the request was not understood
            Throwable cause =
                e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            status = 500;
            contentType = "text/plain";
            answer = String.valueOf(cause).getBytes(StandardCharsets.UTF_8);
          }
        }
        // Not in progress once answered: the client may send the address's next request as soon
        // as it has the answer.
        concurrent.decrementAndGet();
        inProgress = false;
        respond(exchange, status, contentType, answer);
      } finally {
        if (inProgress) {
          concurrent.decrementAndGet();
        }
      }
    }
  }

  /** Waits for {@link #delayEach}'s delay; false when interrupted (stopped). */
  private boolean awaitDelay() {
    Duration wait = delay;
    if (wait.isZero()) {
      return true;
    }
    try {
      Thread.sleep(wait.toMillis()); // simulates a slow function, not a synchronisation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return isRunning();
  }

  private void record(byte[] body) {
    String address = "?";
    int batchSize = 0;
    int stateValues = 0;
    try {
      ToFunction toFunction = ToFunction.parseFrom(body);
      if (toFunction.hasInvocation()) {
        ToFunction.InvocationBatchRequest batch = toFunction.getInvocation();
        address = address(batch.getTarget());
        batchSize = batch.getInvocationsCount();
        stateValues = batch.getStateCount();
      }
      received.add(toFunction);
    } catch (IOException e) {
      address = "unparseable";
    }
    requests.add(new Request(address, batchSize, stateValues));
    batchSizes.computeIfAbsent(address, a -> new CopyOnWriteArrayList<>()).add(batchSize);
  }

  /** Waits while held; false when the server was stopped meanwhile. */
  private boolean awaitRelease() {
    CountDownLatch held = hold.get();
    if (held == null) {
      return true;
    }
    hanging.incrementAndGet();
    try {
      held.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      hanging.decrementAndGet();
    }
    return isRunning() && !Thread.currentThread().isInterrupted();
  }

  private boolean takeFailure() {
    return failuresToInject.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** {@code namespace/name/id}. */
  public static String address(Address address) {
    return address.getNamespace() + "/" + address.getType() + "/" + address.getId();
  }

  /** The addresses requests were received for, in order of their first request. */
  public List<String> addresses() {
    List<String> seen = new ArrayList<>();
    for (Request request : requests) {
      if (!seen.contains(request.address())) {
        seen.add(request.address());
      }
    }
    return seen;
  }
}
