package org.statefun.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.statefun.sdk.FunctionType;

/**
 * {@code https://} endpoints: the certificates an endpoint trusts replace the JVM's, so a server
 * with a self-signed certificate is reachable with it and refused without it.
 */
class HttpsTransportTest {

  private static final FunctionType TYPE = new FunctionType("tls", "echo");
  private HttpsServer server;

  @BeforeEach
  void startServer() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    char[] password = "statefun-test".toCharArray();
    try (InputStream in = getClass().getResourceAsStream("/tls/server.p12")) {
      keys.load(in, password);
    }
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
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

  private EndpointSpec endpoint(String trustedPem, Duration call) {
    return new EndpointSpec(
        FunctionPattern.parse("tls/*"),
        "https://127.0.0.1:" + server.getAddress().getPort() + "/{function.name}",
        10,
        new Timeouts(call, call, call, call),
        trustedPem);
  }

  @Test
  void aServerWithACertificateTheEndpointTrustsAnswers() throws Exception {
    String pem;
    try (InputStream in = getClass().getResourceAsStream("/tls/server.pem")) {
      pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
    // Generous: a TLS handshake on a loaded 2-core machine can take seconds.
    HttpTransport transport = new HttpTransport(TYPE, endpoint(pem, Duration.ofSeconds(30)));

    byte[] answer = transport.call(new byte[] {1, 2, 3}).get(60, TimeUnit.SECONDS);

    assertThat(answer).containsExactly(1, 2, 3);
  }

  @Test
  void withoutTrustingItTheCallFailsNamingTheHandshake() {
    HttpTransport transport = new HttpTransport(TYPE, endpoint(null, Duration.ofSeconds(2)));

    assertThatThrownBy(() -> transport.call(new byte[] {1}).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(RemoteCallException.class)
        .hasMessageStartingWith(
            "Remote function tls/echo at https://127.0.0.1:"
                + server.getAddress().getPort()
                + "/echo failed: SSLHandshakeException: ")
        .hasMessageEndingWith("until the call timeout of 2000 ms passed)");
  }
}
