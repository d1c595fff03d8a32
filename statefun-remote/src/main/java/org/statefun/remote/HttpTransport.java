package org.statefun.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.statefun.sdk.FunctionType;

/**
 * Calls remote functions over HTTP with OkHttp: asynchronous (no thread waits for a response),
 * pooled keep-alive connections, HTTP/2 where TLS negotiates it and HTTP/1.1 otherwise. OkHttp, not
 * the JDK's {@code HttpClient}: on Java 17 the JDK client spent about 1 ms of CPU per call against
 * a local server, OkHttp about 0.15 ms (docs/remote-functions.md, "Transport").
 *
 * <p>Failed attempts (connection errors, attempt timeouts, HTTP 408, 429 and 5xx) are retried with
 * exponential backoff until the call timeout has passed; then the call fails with a {@link
 * RemoteCallException} naming the function type, the URL, the last status or error and the
 * attempts. Each function object (one per type and worker) has its own client, which ends with it:
 * a client cached in a static field would keep a finished job's class loader alive on a session
 * cluster.
 */
final class HttpTransport {

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

  private final FunctionType type;
  private final URI url;
  private final HttpUrl httpUrl;
  private final Timeouts timeouts;
  private final OkHttpClient client;

  HttpTransport(FunctionType type, EndpointSpec endpoint) {
    this.type = type;
    this.url = endpoint.urlFor(type);
    this.httpUrl = HttpUrl.get(url);
    this.timeouts = endpoint.timeouts();
    this.client = newClient(timeouts, endpoint.trustedCertificatesPem());
  }

  URI url() {
    return url;
  }

  /** POSTs {@code body}; completes with the response body of the first successful attempt. */
  CompletableFuture<byte[]> call(byte[] body) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    long start = System.nanoTime();
    attempt(RequestBody.create(body, OCTET_STREAM), 1, start, FIRST_BACKOFF, result);
    return result;
  }

  private void attempt(
      RequestBody body,
      int attempt,
      long start,
      Duration backoff,
      CompletableFuture<byte[]> result) {
    Duration remaining = timeouts.call().minusNanos(System.nanoTime() - start);
    Duration attemptTimeout =
        timeouts.attempt().compareTo(remaining) < 0 ? timeouts.attempt() : remaining;
    Call call = client.newCall(new Request.Builder().url(httpUrl).post(body).build());
    call.timeout().timeout(attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
    call.enqueue(
        new Callback() {
          @Override
          public void onResponse(Call call, Response response) {
            try (response) {
              ResponseBody responseBody = response.body();
              byte[] bytes = responseBody == null ? new byte[0] : responseBody.bytes();
              if (response.code() == 200) {
                result.complete(bytes);
              } else {
                retryOrFail(
                    describe(response.code(), bytes),
                    isRetryable(response.code()),
                    null,
                    body,
                    attempt,
                    start,
                    backoff,
                    result);
              }
            } catch (IOException e) {
              onFailure(call, e);
            }
          }

          @Override
          public void onFailure(Call call, IOException e) {
            retryOrFail(describe(e), true, e, body, attempt, start, backoff, result);
          }
        });
  }

  private void retryOrFail(
      String outcome,
      boolean retryable,
      Throwable error,
      RequestBody body,
      int attempt,
      long start,
      Duration backoff,
      CompletableFuture<byte[]> result) {
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
                    new RemoteCallException(failure(outcome, attempt, start, true), error));
              } else {
                attempt(
                    body,
                    attempt + 1,
                    start,
                    next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next,
                    result);
              }
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

  private static String describe(int status, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.length() > 200) {
      text = text.substring(0, 200) + "…";
    }
    return "HTTP status " + status + (text.isEmpty() ? "" : " (" + text + ")");
  }

  private static String describe(IOException error) {
    String message = error.getMessage();
    // The attempt's deadline (InterruptedIOException "timeout") and the read and write timeouts
    // (SocketTimeoutException) race when they are equal: both mean the answer did not come in time.
    // A connect timeout keeps its own text.
    boolean attemptTimedOut =
        error instanceof java.io.InterruptedIOException
            && (message == null || !message.toLowerCase(java.util.Locale.ROOT).contains("connect"));
    return attemptTimedOut
        ? "attempt timed out"
        : error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** The URL without its query, which may hold secrets. */
  static String printable(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() >= 0 ? ":" + url.getPort() : "")
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  private static OkHttpClient newClient(Timeouts timeouts, String trustedCertificatesPem) {
    // OkHttp's defaults allow 5 concurrent calls per host; the runtime bounds them itself
    // (statefun.async.max-per-task), so the client must not queue behind that.
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectTimeout(timeouts.connect())
            .readTimeout(timeouts.read())
            .writeTimeout(timeouts.write())
            .retryOnConnectionFailure(false)
            .followRedirects(false);
    if (trustedCertificatesPem != null) {
      X509TrustManager trust = trustManager(trustedCertificatesPem);
      builder.sslSocketFactory(sslContext(trust).getSocketFactory(), trust);
    }
    return builder.build();
  }

  private static X509TrustManager trustManager(String pem) {
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
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new GeneralSecurityException("no X.509 trust manager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "The trusted certificates of a remote function endpoint cannot be read: " + e, e);
    }
  }

  private static SSLContext sslContext(X509TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("TLS is not available: " + e, e);
    }
  }
}
