package org.statefun.remote;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import org.statefun.sdk.FunctionType;

/**
 * A remote function endpoint: which function types it serves, where, and how to call it.
 *
 * @param functions the function types served
 * @param urlTemplate the URL, {@code http://}, {@code https://}; {@value #NAME_PLACEHOLDER} stands
 *     for the function type's name
 * @param maxBatchSize the most messages for one address sent in one request; the rest waits for the
 *     next
 * @param timeouts how long calls may take
 * @param trustedCertificatesPem for {@code https://}: the certificates to trust instead of the
 *     JVM's default trust store, PEM-encoded (the loader reads them from the file the module names,
 *     so that workers need no copy); null for the default
 */
public record EndpointSpec(
    FunctionPattern functions,
    String urlTemplate,
    int maxBatchSize,
    Timeouts timeouts,
    String trustedCertificatesPem)
    implements Serializable {

  /** The placeholder in {@link #urlTemplate()} for the function type's name. */
  public static final String NAME_PLACEHOLDER = "{function.name}";

  /** StateFun's default for {@code maxNumBatchRequests}. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 1000;

  /**
   * @throws IllegalArgumentException when the URL template or the batch size is not valid
   */
  public EndpointSpec {
    Objects.requireNonNull(functions, "functions");
    Objects.requireNonNull(timeouts, "timeouts");
    checkUrlTemplate(urlTemplate);
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException(
          "the maximum batch size must be at least 1, got " + maxBatchSize);
    }
  }

  /** An endpoint trusting the JVM's default certificates. */
  public EndpointSpec(
      FunctionPattern functions, String urlTemplate, int maxBatchSize, Timeouts timeouts) {
    this(functions, urlTemplate, maxBatchSize, timeouts, null);
  }

  /** The URL of {@code type}'s endpoint. */
  public URI urlFor(FunctionType type) {
    return URI.create(urlTemplate.replace(NAME_PLACEHOLDER, type.name()));
  }

  /**
   * Checks that {@code template} is an absolute {@code http} or {@code https} URL with a host once
   * the placeholder is filled in.
   *
   * @throws IllegalArgumentException saying what is wrong (never echoing query strings, which may
   *     hold secrets)
   */
  public static void checkUrlTemplate(String template) {
    Objects.requireNonNull(template, "urlTemplate");
    URI uri;
    try {
      uri = new URI(template.replace(NAME_PLACEHOLDER, "name"));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          uri.getScheme() == null
              ? "is not an absolute URL; expected http://host:port/path or https://…"
              : "has scheme '"
                  + uri.getScheme()
                  + "'; supported schemes are http and https (unix sockets are not supported)");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("has no host; expected " + scheme + "://host:port/path");
    }
  }
}
