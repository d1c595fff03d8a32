package org.statefun.examples.greeterremote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.slice.Slice;
import org.apache.flink.statefun.sdk.java.slice.Slices;

/**
 * The greeter as a remote function, written with the official StateFun Java SDK and served over the
 * JDK's HTTP server: {@code java -jar target/greeter-remote-java.jar [PORT]} (default 8000, or the
 * environment variable {@code PORT}). Every POST is one request of StateFun's request-reply
 * protocol; the path does not matter.
 */
public final class GreeterServer {

  static {
    // The JDK's HTTP server writes a response's headers and body separately; without TCP_NODELAY,
    // Nagle's algorithm and delayed ACKs hold each small response back ~40 ms. Read once, when the
    // first server is created in this JVM.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  public static final TypeName GREETER = TypeName.typeNameOf("remote-demo", "greeter");
  public static final TypeName GREETINGS = TypeName.typeNameOf("remote-demo", "greetings");

  /** Visits per name: the runtime keeps it per address (the name) and sends it with each call. */
  static final ValueSpec<Integer> VISITS = ValueSpec.named("visits").withIntType();

  private final HttpServer server;

  private GreeterServer(HttpServer server) {
    this.server = server;
  }

  /** The greeter: one greeting per message, the visit count in state. */
  public static StatefulFunctions functions() {
    return new StatefulFunctions()
        .withStatefulFunction(
            StatefulFunctionSpec.builder(GREETER)
                .withValueSpec(VISITS)
                .withSupplier(
                    () ->
                        (context, message) -> {
                          String name =
                              message.isUtf8String()
                                  ? message.asUtf8String()
                                  : new String(
                                      message.rawValue().toByteArray(),
                                      java.nio.charset.StandardCharsets.UTF_8);
                          int visits = context.storage().get(VISITS).orElse(0) + 1;
                          context.storage().set(VISITS, visits);
                          context.send(
                              EgressMessageBuilder.forEgress(GREETINGS)
                                  .withValue("Hello " + name + ", this is visit #" + visits)
                                  .build());
                          return context.done();
                        }));
  }

  /** Serves {@link #functions()} on {@code port} (0: any free port). */
  public static GreeterServer start(int port) throws IOException {
    RequestReplyHandler handler = functions().requestReplyHandler();
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", exchange -> handle(handler, exchange));
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    return new GreeterServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public void stop() {
    server.stop(0);
  }

  private static void handle(RequestReplyHandler handler, HttpExchange exchange)
      throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] request;
      try (InputStream in = exchange.getRequestBody()) {
        request = in.readAllBytes();
      }
      byte[] response;
      try {
        Slice answer = handler.handle(Slices.wrap(request)).join();
        response = answer.toByteArray();
      } catch (RuntimeException e) {
        System.err.println("greeter: the request failed: " + e);
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.sendResponseHeaders(200, response.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response);
      }
    }
  }

  public static void main(String[] args) throws IOException {
    String port = args.length > 0 ? args[0] : System.getenv().getOrDefault("PORT", "8000");
    GreeterServer server = start(Integer.parseInt(port));
    System.out.println(
        "greeter: serving remote-demo/greeter on http://localhost:" + server.port() + "/statefun");
  }
}
