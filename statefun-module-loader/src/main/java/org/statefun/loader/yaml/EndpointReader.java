package org.statefun.loader.yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.statefun.remote.EndpointSpec;
import org.statefun.remote.FunctionPattern;
import org.statefun.remote.Timeouts;

/**
 * Reads remote function endpoints strictly: {@code endpoints:} entries of format version 1, and
 * StateFun's {@code io.statefun.endpoints.v2/http} and {@code io.statefun.endpoints.v1/http}
 * documents. Every problem is located; URLs are never echoed (their query may hold a secret).
 */
final class EndpointReader {

  static final String V2 = "io.statefun.endpoints.v2/http";
  static final String V1 = "io.statefun.endpoints.v1/http";
  static final List<String> KINDS = List.of(V1, V2);

  static final List<String> KEYS =
      List.of(
          "functions",
          "url",
          "max-batch-size",
          "transport",
          "trust-cacerts",
          "on-error",
          "dead-letter-egress");
  static final List<String> TIMEOUT_KEYS = List.of("call", "connect", "read", "write");

  static final String ASYNC = "io.statefun.transports.v1/async";
  static final String OKHTTP = "io.statefun.transports.v1/okhttp";
  static final List<String> V2_KEYS =
      List.of("functions", "urlPathTemplate", "maxNumBatchRequests", "transport");
  static final List<String> V1_KEYS =
      List.of("functions", "urlPathTemplate", "maxNumBatchRequests", "timeouts");

  /** Settings of StateFun's async transport this runtime has no counterpart for. */
  static final List<String> UNSUPPORTED_TRANSPORT_KEYS =
      List.of(
          "pool_ttl",
          "pool_size",
          "payload_max_bytes",
          "client_cert",
          "client_key",
          "client_key_password");

  static final List<String> TRANSPORT_KEYS =
      concat(
          List.of("type", "call", "connect", "read", "write", "timeouts", "trust_cacerts"),
          UNSUPPORTED_TRANSPORT_KEYS);

  private static final String PEM_BEGIN = "-----BEGIN CERTIFICATE-----";

  private EndpointReader() {}

  /** An {@code endpoints:} entry of format version 1. */
  static Optional<ModuleDocument.Endpoint> format1(
      MapReader entry, Location location, Path moduleDirectory) {
    int before = entry.problems().size();
    entry.allowOnly(KEYS);
    Optional<FunctionPattern> functions = functions(entry, "functions");
    Optional<String> url = url(entry, "url");
    int batch = maxBatchSize(entry, "max-batch-size");
    Optional<Timeouts> timeouts =
        entry
            .optionalMap("transport")
            .map(
                t -> {
                  MapReader transport = new MapReader(t, entry.name("transport"), entry.problems());
                  transport.allowOnly(TIMEOUT_KEYS);
                  return combine(
                      read(transport, false), Defaults.FORMAT_1, entry.problems(), before);
                })
            .orElseGet(() -> Optional.of(Timeouts.defaults()));
    String pem = certificates(entry, "trust-cacerts", moduleDirectory);
    Optional<ModuleDocument.OnError> onError = ModuleDocumentParser.onError(entry);
    if (entry.problems().size() > before
        || functions.isEmpty()
        || url.isEmpty()
        || timeouts.isEmpty()
        || onError.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ModuleDocument.Endpoint(
            location,
            entry.path(),
            new EndpointSpec(functions.get(), url.get(), batch, timeouts.get(), pem),
            onError.get()));
  }

  /**
   * The spec of a StateFun endpoint document of {@code kind} ({@link #V1} or {@link #V2}); the
   * functions it binds, when it has problems, go to {@code broken}.
   */
  static Optional<ModuleDocument.Endpoint> stateFun(
      String kind,
      MapReader spec,
      Location location,
      Path moduleDirectory,
      java.util.Set<String> broken) {
    int before = spec.problems().size();
    spec.allowOnly(kind.equals(V2) ? V2_KEYS : V1_KEYS);
    Optional<FunctionPattern> functions = functions(spec, "functions");
    Optional<String> url = url(spec, "urlPathTemplate");
    int batch = maxBatchSize(spec, "maxNumBatchRequests");
    Optional<Timeouts> timeouts;
    String pem = null;
    if (kind.equals(V1)) {
      timeouts =
          spec.optionalMap("timeouts")
              .map(
                  t -> {
                    MapReader nested = new MapReader(t, spec.name("timeouts"), spec.problems());
                    nested.allowOnly(TIMEOUT_KEYS);
                    return combine(read(nested, true), Defaults.OKHTTP, spec.problems(), before);
                  })
              .orElseGet(() -> Optional.of(Defaults.OKHTTP.timeouts()));
    } else if (spec.has("transport")) {
      Optional<YamlMap> map = spec.optionalMap("transport");
      timeouts = Optional.empty();
      if (map.isPresent()) {
        MapReader transport = new MapReader(map.get(), spec.name("transport"), spec.problems());
        transport.allowOnly(TRANSPORT_KEYS);
        for (String key : UNSUPPORTED_TRANSPORT_KEYS) {
          if (transport.has(key)) {
            transport.problem(
                key,
                "'"
                    + transport.name(key)
                    + "' is a setting of StateFun's async transport that this runtime does not"
                    + " support; remove it");
          }
        }
        Optional<String> type =
            transport.has("type")
                ? transport.optionalChoice("type", List.of(ASYNC, OKHTTP))
                : Optional.of(ASYNC);
        Defaults defaults =
            type.filter(OKHTTP::equals).isPresent() ? Defaults.OKHTTP : Defaults.ASYNC;
        timeouts = v2Timeouts(transport, defaults, before);
        pem = certificates(transport, "trust_cacerts", moduleDirectory);
        if (type.isEmpty()) {
          timeouts = Optional.empty();
        }
      }
    } else {
      timeouts = Optional.of(Defaults.ASYNC.timeouts());
    }
    if (spec.problems().size() > before
        || functions.isEmpty()
        || url.isEmpty()
        || timeouts.isEmpty()) {
      functions.ifPresent(f -> broken.add(f.toString()));
      return Optional.empty();
    }
    return Optional.of(
        new ModuleDocument.Endpoint(
            location,
            "the " + kind + " document",
            new EndpointSpec(functions.get(), url.get(), batch, timeouts.get(), pem),
            new ModuleDocument.OnError("fail", Optional.empty(), location)));
  }

  /**
   * The timeouts of a v2 transport: {@code call}, {@code connect}, {@code read} and {@code write}
   * directly in it, or in the legacy nested {@code timeouts:} map (each timeout given once).
   */
  private static Optional<Timeouts> v2Timeouts(
      MapReader transport, Defaults defaults, int problemsBefore) {
    Map<String, Timed> all = new LinkedHashMap<>(read(transport, true));
    transport
        .optionalMap("timeouts")
        .ifPresent(
            t -> {
              MapReader legacy = new MapReader(t, transport.name("timeouts"), transport.problems());
              legacy.allowOnly(TIMEOUT_KEYS);
              for (String key : TIMEOUT_KEYS) {
                if (legacy.has(key) && transport.has(key)) {
                  legacy.problem(
                      key,
                      "'"
                          + legacy.name(key)
                          + "' and '"
                          + transport.name(key)
                          + "' both give the "
                          + key
                          + " timeout; give it once");
                }
              }
              read(legacy, true).values().forEach(timed -> all.putIfAbsent(timed.key(), timed));
            });
    return combine(all, defaults, transport.problems(), problemsBefore);
  }

  /** A timeout as written. */
  private record Timed(String key, Duration value, String text, String name, Location location) {}

  /** Default timeouts: this project's and StateFun's async transport, StateFun's okhttp. */
  private enum Defaults {
    FORMAT_1(Timeouts.DEFAULT_CALL, Timeouts.DEFAULT_CONNECT, null),
    ASYNC(Timeouts.DEFAULT_CALL, Timeouts.DEFAULT_CONNECT, null),
    OKHTTP(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(10));

    private final Duration call;
    private final Duration connect;

    /** Read and write; null for as long as the call. */
    private final Duration readWrite;

    Defaults(Duration call, Duration connect, Duration readWrite) {
      this.call = call;
      this.connect = connect;
      this.readWrite = readWrite;
    }

    Timeouts timeouts() {
      return new Timeouts(call, connect, readWrite(call), readWrite(call));
    }

    /** The default of {@code name} under a call timeout of {@code call}, never longer than it. */
    Duration of(String name, Duration call) {
      Duration value =
          switch (name) {
            case "connect" -> connect;
            default -> readWrite(call);
          };
      return value.compareTo(call) > 0 ? call : value;
    }

    private Duration readWrite(Duration call) {
      return readWrite == null ? call : readWrite;
    }
  }

  /** The valid timeouts given in {@code map} (keys call, connect, read, write). */
  private static Map<String, Timed> read(MapReader map, boolean stateFun) {
    Map<String, Timed> read = new LinkedHashMap<>();
    for (String key : TIMEOUT_KEYS) {
      if (!map.has(key)) {
        continue;
      }
      Optional<String> text = map.optionalString(key, "a duration like 30s");
      Optional<Duration> value =
          text.flatMap(stateFun ? Durations::parseStateFun : Durations::parse);
      if (text.isPresent() && value.isEmpty()) {
        map.problem(
            key,
            map.quote(key, text.get())
                + "; expected "
                + (stateFun ? Durations.STATEFUN_EXPECTED : Durations.EXPECTED));
      }
      value.ifPresent(
          v ->
              read.put(
                  key, new Timed(key, v, text.get().strip(), map.name(key), map.locationOf(key))));
    }
    return read;
  }

  /**
   * The timeouts {@code read}, with defaults for the rest; each given timeout must not be longer
   * than the call.
   */
  private static Optional<Timeouts> combine(
      Map<String, Timed> read, Defaults defaults, Problems problems, int problemsBefore) {
    Timed call = read.get("call");
    Duration callValue = call == null ? defaults.call : call.value();
    String callText =
        call == null
            ? "the default call timeout (" + format(defaults.call) + ")"
            : "'" + call.name() + "' (" + call.text() + ")";
    boolean valid = true;
    for (String key : List.of("connect", "read", "write")) {
      Timed timed = read.get(key);
      if (timed != null && timed.value().compareTo(callValue) > 0) {
        problems.add(
            timed.location(),
            "'" + timed.name() + "' (" + timed.text() + ") must not be longer than " + callText);
        valid = false;
      }
    }
    if (!valid || problems.size() > problemsBefore) {
      return Optional.empty();
    }
    Function<String, Duration> value =
        key -> read.containsKey(key) ? read.get(key).value() : defaults.of(key, callValue);
    return Optional.of(
        new Timeouts(callValue, value.apply("connect"), value.apply("read"), value.apply("write")));
  }

  private static String format(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }

  private static Optional<FunctionPattern> functions(MapReader map, String key) {
    return map.requiredString(key, "the function types served: 'namespace/name' or 'namespace/*'")
        .flatMap(
            text -> {
              try {
                return Optional.of(FunctionPattern.parse(text.strip()));
              } catch (IllegalArgumentException e) {
                map.problem(
                    key,
                    map.quote(key, text)
                        + ", which is not 'namespace/name' or 'namespace/*' ('*' only as the whole"
                        + " name, for example 'greeter.fns/*')");
                return Optional.empty();
              }
            });
  }

  private static Optional<String> url(MapReader map, String key) {
    return map.requiredString(
            key,
            "the endpoint's http:// or https:// URL; "
                + EndpointSpec.NAME_PLACEHOLDER
                + " stands for the function's name")
        .flatMap(
            text -> {
              try {
                EndpointSpec.checkUrlTemplate(text.strip());
                return Optional.of(text.strip());
              } catch (IllegalArgumentException e) {
                map.problem(key, "'" + map.name(key) + "' " + e.getMessage());
                return Optional.empty();
              }
            });
  }

  /** The batch size, or the default when absent or wrong (then with a problem). */
  private static int maxBatchSize(MapReader map, String key) {
    if (!map.has(key)) {
      return EndpointSpec.DEFAULT_MAX_BATCH_SIZE;
    }
    Optional<Long> value = map.optionalLong(key);
    if (value.isPresent() && (value.get() < 1 || value.get() > Integer.MAX_VALUE)) {
      map.problem(
          key,
          "'"
              + map.name(key)
              + "' must be a whole number from 1 to "
              + Integer.MAX_VALUE
              + ", got "
              + value.get());
      return EndpointSpec.DEFAULT_MAX_BATCH_SIZE;
    }
    return value.map(Long::intValue).orElse(EndpointSpec.DEFAULT_MAX_BATCH_SIZE);
  }

  /**
   * The PEM certificates in the file {@code key} names (relative to the module directory); null
   * when absent or wrong (then with a problem).
   */
  private static String certificates(MapReader map, String key, Path moduleDirectory) {
    Optional<String> text = map.optionalString(key, "the path of a PEM file");
    if (text.isEmpty()) {
      return null;
    }
    if (text.get().startsWith("classpath:")) {
      map.problem(
          key,
          "'"
              + map.name(key)
              + "' names a classpath: location, which this runtime does not read; give the path of"
              + " a PEM file (relative paths resolve against the module directory)");
      return null;
    }
    Path file = moduleDirectory.resolve(text.get()).toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      map.problem(
          key,
          map.quote(key, text.get())
              + ", but "
              + file
              + (Files.exists(file) ? " is not a file" : " does not exist")
              + " (relative paths resolve against the module directory)");
      return null;
    }
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      map.problem(key, "'" + map.name(key) + "': cannot read " + file + ": " + e);
      return null;
    }
    if (!pem.contains(PEM_BEGIN)) {
      map.problem(
          key,
          "'"
              + map.name(key)
              + "' names "
              + file
              + ", which holds no PEM certificate ("
              + PEM_BEGIN
              + ")");
      return null;
    }
    return pem;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
