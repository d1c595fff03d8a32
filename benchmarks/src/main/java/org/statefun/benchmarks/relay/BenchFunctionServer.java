package org.statefun.benchmarks.relay;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;
import org.apache.flink.statefun.sdk.java.slice.Slices;

/**
 * The relay's two functions written with the official StateFun Java SDK, served over HTTP/1.1 by
 * the JDK's HTTP server on localhost: {@code bench/a} counts and sends its count to {@code
 * bench/b}, which counts and emits its count to the {@code bench/counts} egress.
 */
final class BenchFunctionServer implements AutoCloseable {

  static {
    // The JDK's HTTP server writes a response's headers and body separately; without TCP_NODELAY,
    // Nagle's algorithm and delayed ACKs hold each small response back ~40 ms. Read once, when the
    // first server is created in this JVM.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final ValueSpec<Long> COUNT = ValueSpec.named("count").withLongType();
  private static final TypeName B = TypeName.typeNameFromString("bench/b");
  private static final TypeName COUNTS = TypeName.typeNameFromString("bench/counts");

  private final HttpServer server;
  private final ExecutorService executor;

  BenchFunctionServer(int threads) throws IOException {
    StatefulFunctions functions = new StatefulFunctions();
    functions.withStatefulFunction(
        StatefulFunctionSpec.builder(TypeName.typeNameFromString("bench/a"))
            .withValueSpec(COUNT)
            .withSupplier(
                () ->
                    (context, message) -> {
                      long count = context.storage().get(COUNT).orElse(0L) + 1;
                      context.storage().set(COUNT, count);
                      long next =
                          RelayLogic.DEFAULT.secondHop(Long.parseLong(context.self().id()), 0);
                      context.send(
                          MessageBuilder.forAddress(B, Long.toString(next))
                              .withValue(count)
                              .build());
                      return context.done();
                    })
            .build());
    functions.withStatefulFunction(
        StatefulFunctionSpec.builder(B)
            .withValueSpec(COUNT)
            .withSupplier(
                () ->
                    (context, message) -> {
                      long count = context.storage().get(COUNT).orElse(0L) + 1;
                      context.storage().set(COUNT, count);
                      context.send(EgressMessageBuilder.forEgress(COUNTS).withValue(count).build());
                      return context.done();
                    })
            .build());
    RequestReplyHandler handler = functions.requestReplyHandler();
    executor = Executors.newFixedThreadPool(threads);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          byte[] request;
          try (InputStream in = exchange.getRequestBody()) {
            request = in.readAllBytes();
          }
          byte[] response = handler.handle(Slices.wrap(request)).join().toByteArray();
          exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
          exchange.sendResponseHeaders(200, response.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
          }
        });
    server.start();
  }

  /** The URL template of the endpoint serving {@code bench/*}. */
  String urlTemplate() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/{function.name}";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
