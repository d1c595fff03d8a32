package org.statefun.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.statefun.sdk.FunctionType;

/**
 * Calls remote functions over HTTP with the JDK's {@link HttpClient}: asynchronous (no thread waits
 * for a response), HTTP/2 over TLS by ALPN and HTTP/1.1 otherwise, no dependencies. Failed attempts
 * (connection errors, attempt timeouts, HTTP 408, 429 and 5xx) are retried with exponential backoff
 * until the call timeout has passed; then the call fails with a {@link RemoteCallException} naming
 * the function type, the URL, the last status or error and the attempts.
 *
 * <p>Each function object (one per type and worker) has its own client, which ends with it: a
 * client cached in a static field would keep a finished job's class loader alive on a session
 * cluster.
 */
final class HttpTransport {

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  private final FunctionType type;
  private final URI url;
  private final Timeouts timeouts;
  private final HttpClient client;
  private final HttpClient.Version version;

  HttpTransport(FunctionType type, EndpointSpec endpoint) {
    this.type = type;
    this.url = endpoint.urlFor(type);
    // HTTP/2 where TLS negotiates it (ALPN); plain HTTP/1.1 otherwise: an h2c upgrade attempt on
    // every new connection gains nothing for small request/response exchanges.
    this.version =
        "https".equalsIgnoreCase(url.getScheme())
            ? HttpClient.Version.HTTP_2
            : HttpClient.Version.HTTP_1_1;
    this.timeouts = endpoint.timeouts();
    this.client = newClient(timeouts.connect(), endpoint.trustedCertificatesPem());
  }

  URI url() {
    return url;
  }

  /** POSTs {@code body}; completes with the response body of the first successful attempt. */
  CompletableFuture<byte[]> call(byte[] body) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    long start = System.nanoTime();
    attempt(body, 1, start, FIRST_BACKOFF, result);
    return result;
  }

  private void attempt(
      byte[] body, int attempt, long start, Duration backoff, CompletableFuture<byte[]> result) {
    Duration remaining = timeouts.call().minusNanos(System.nanoTime() - start);
    Duration attemptTimeout =
        timeouts.attempt().compareTo(remaining) < 0 ? timeouts.attempt() : remaining;
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(attemptTimeout)
            .version(version)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete(
            (response, error) -> {
              if (error == null && response.statusCode() == 200) {
                result.complete(response.body());
                return;
              }
              String outcome = error != null ? describe(error) : describe(response);
              boolean retryable = error != null || isRetryable(response.statusCode());
              Duration left = timeouts.call().minusNanos(System.nanoTime() - start);
              if (!retryable || left.isNegative() || left.isZero()) {
                result.completeExceptionally(
                    new RemoteCallException(failure(outcome, attempt, start, retryable), error));
                return;
              }
              // Wait out the backoff, or what is left of the call; then try again if time is left.
              Duration wait = backoff.compareTo(left) < 0 ? backoff : left;
              Duration next = backoff.multipliedBy(2);
              CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS)
                  .execute(
                      () -> {
                        if (timeouts.call().minusNanos(System.nanoTime() - start).toMillis() < 1) {
                          result.completeExceptionally(
                              new RemoteCallException(
                                  failure(outcome, attempt, start, true), error));
                        } else {
                          attempt(
                              body,
                              attempt + 1,
                              start,
                              next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next,
                              result);
                        }
                      });
            });
  }

  private String failure(String outcome, int attempts, long start, boolean retryable) {
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    return "Remote function "
        + type
        + " at "
        + printable(url)
        + " failed: "
        + outcome
        + (retryable
            ? " (attempt "
                + attempts
                + ", retried for "
                + elapsedMillis
                + " ms until the call timeout of "
                + timeouts.call().toMillis()
                + " ms passed)"
            : " (attempt " + attempts + "; not retried)");
  }

  private static boolean isRetryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  private static String describe(HttpResponse<byte[]> response) {
    String body = new String(response.body(), StandardCharsets.UTF_8).strip();
    if (body.length() > 200) {
      body = body.substring(0, 200) + "…";
    }
    return "HTTP status "
        + response.statusCode()
        + (body.isEmpty() || response.statusCode() == 200 ? "" : " (" + body + ")");
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && !(cause instanceof IOException)) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** The URL without its query, which may hold secrets. */
  static String printable(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() >= 0 ? ":" + url.getPort() : "")
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  private static HttpClient newClient(Duration connect, String trustedCertificatesPem) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(connect)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (trustedCertificatesPem != null) {
      builder.sslContext(sslContext(trustedCertificatesPem));
    }
    return builder.build();
  }

  private static SSLContext sslContext(String pem) {
    try {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        trusted.setCertificateEntry("trusted-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "The trusted certificates of a remote function endpoint cannot be read: " + e, e);
    }
  }
}
