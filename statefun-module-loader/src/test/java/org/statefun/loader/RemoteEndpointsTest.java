package org.statefun.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.universe.Bindings;
import org.statefun.loader.fixtures.statefun.StateFunKafkaIngressKind;
import org.statefun.remote.EndpointSpec;
import org.statefun.remote.FunctionPattern;
import org.statefun.remote.RemoteFunctionProvider;
import org.statefun.remote.Timeouts;
import org.statefun.sdk.FailurePolicy;
import org.statefun.sdk.FunctionType;

/**
 * Remote function endpoints in module.yaml: {@code endpoints:} of format version 1, and StateFun's
 * multi-document format (endpoints, plus ingress and egress documents resolved against the kinds,
 * here test stand-ins of StateFun's Kafka kinds registered through {@code statefun-kinds/}).
 */
class RemoteEndpointsTest {

  private static final ClassLoader RUNTIME = runtimeWithStateFunKinds();

  /** A real (self-signed, test-only) certificate: creating a remote function reads it. */
  private static final String PEM =
      "-----BEGIN CERTIFICATE-----\n"
          + "MIIBUDCB9qADAgECAgkA+KoH8hXkCn0wCgYIKoZIzj0EAwIwGzEZMBcGA1UEAxMQ\n"
          + "c3RhdGVmdW4tdGVzdC1jYTAgFw0yNjEyMDEyMzIxMDhaGA8yMTI2MTEwNzIzMjEw\n"
          + "OFowGzEZMBcGA1UEAxMQc3RhdGVmdW4tdGVzdC1jYTBZMBMGByqGSM49AgEGCCqG\n"
          + "SM49AwEHA0IABExe/cBVXETk/TOyTVGbvRrHn9idTepXMNmGn/D+v+ZSXxiBbJV6\n"
          + "I97eE7lSP1mbNs9zWcvsLBqoz9GYDRxJEq+jITAfMB0GA1UdDgQWBBQ6SZnpxM3u\n"
          + "vsiM+4TFdPsXLUK2tDAKBggqhkjOPQQDAgNJADBGAiEAm0GlJABd/bbiKIA27Wcq\n"
          + "OtQ8xho9X848oi3uekNyuJgCIQCWglo4mXuW4jHb6SAUxWa5kPoD9QpqPvkAcnCP\n"
          + "+IrfNA==\n"
          + "-----END CERTIFICATE-----\n";

  /** flink-statefun-playground's greeter module.yaml, with the endpoint on localhost. */
  static final String GREETER =
      """
      kind: io.statefun.endpoints.v2/http
      spec:
        functions: greeter.fns/*
        urlPathTemplate: http://localhost:8000/{function.name}
      ---
      kind: io.statefun.kafka.v1/ingress
      spec:
        id: greeter.io/user-logins
        address: kafka:9092
        consumerGroupId: greeter
        startupPosition:
          type: earliest
        topics:
          - topic: user-logins
            valueType: greeter.types/UserLogin
            targets:
              - greeter.fns/user
      ---
      kind: io.statefun.kafka.v1/egress
      spec:
        id: greeter.io/user-greetings
        address: kafka:9092
        deliverySemantic:
          type: exactly-once
          transactionTimeout: 15min
      """;

  private static final String INGRESS_AND_EGRESS =
      """
      ---
      kind: io.statefun.kafka.v1/ingress
      spec:
        id: greeter.io/user-logins
        address: kafka:9092
      """;

  @TempDir Path root;

  // ---- StateFun's format -------------------------------------------------------------------

  @Test
  void greeterOfTheStateFunPlaygroundLoadsAsIs() {
    try (LoadedModules loaded = load(GREETER)) {
      Bindings bindings = loaded.bindings();
      assertThat(bindings.functions()).isEmpty();
      assertThat(bindings.namespaces()).containsOnlyKeys("greeter.fns");
      Bindings.Namespace namespace = bindings.namespaces().get("greeter.fns");
      assertThat(endpoint(namespace.provider()))
          .isEqualTo(
              new EndpointSpec(
                  new FunctionPattern("greeter.fns", null),
                  "http://localhost:8000/{function.name}",
                  1000,
                  new Timeouts(
                      Duration.ofMinutes(2),
                      Duration.ofSeconds(20),
                      Duration.ofMinutes(2),
                      Duration.ofMinutes(2)),
                  null));
      assertThat(namespace.onError()).isEqualTo(FailurePolicy.fail());
      assertThat(bindings.ingresses()).containsOnlyKeys("greeter.io/user-logins");
      assertThat(bindings.egresses()).containsOnlyKeys("greeter.io/user-greetings");
      assertThat(bindings.routers())
          .singleElement()
          .satisfies(
              route -> {
                assertThat(route.ingress().toString()).isEqualTo("greeter.io/user-logins");
                assertThat(route.router())
                    .isInstanceOf(StateFunKafkaIngressKind.TopicsRouter.class);
              });
      assertThat(loaded.universe().boundTypes().isBound(new FunctionType("greeter.fns", "user")))
          .isTrue();
    }
  }

  @Test
  void okhttpTransportWithLegacyNestedTimeoutsBatchSizeAndTrustedCertificates() throws Exception {
    Files.createDirectories(root.resolve("m/certs"));
    Files.writeString(root.resolve("m/certs/ca.pem"), PEM);
    String yaml =
        """
        ---
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: shop.fns/cart
          urlPathTemplate: https://fns.example.com:8443/statefun
          maxNumBatchRequests: 50
          transport:
            type: io.statefun.transports.v1/okhttp
            timeouts:
              call: 2min
              connect: 5s
              read: 30 s
              write: 1500ms
            trust_cacerts: certs/ca.pem
        ---
        """
            + INGRESS_AND_EGRESS;
    try (LoadedModules loaded = load(yaml)) {
      Bindings.Function function =
          loaded.bindings().functions().get(new FunctionType("shop.fns", "cart"));
      assertThat(endpoint(function.provider()))
          .isEqualTo(
              new EndpointSpec(
                  new FunctionPattern("shop.fns", "cart"),
                  "https://fns.example.com:8443/statefun",
                  50,
                  new Timeouts(
                      Duration.ofMinutes(2),
                      Duration.ofSeconds(5),
                      Duration.ofSeconds(30),
                      Duration.ofMillis(1500)),
                  PEM));
    }
  }

  @Test
  void defaultTimeoutsAreNeverLongerThanTheCallTimeout() {
    String yaml =
        """
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: shop.fns/*
          urlPathTemplate: http://localhost:8000/{function.name}
          transport:
            call: 10s
        """
            + INGRESS_AND_EGRESS;
    try (LoadedModules loaded = load(yaml)) {
      assertThat(endpoint(loaded.bindings().namespaces().get("shop.fns").provider()).timeouts())
          .isEqualTo(
              new Timeouts(
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(10)));
    }
  }

  @Test
  void endpointV1HasOkhttpDefaults() {
    String yaml =
        """
        kind: io.statefun.endpoints.v1/http
        spec:
          functions: shop.fns/*
          urlPathTemplate: http://localhost:8000/{function.name}
          timeouts:
            connect: 3s
        """
            + INGRESS_AND_EGRESS;
    try (LoadedModules loaded = load(yaml)) {
      assertThat(endpoint(loaded.bindings().namespaces().get("shop.fns").provider()).timeouts())
          .isEqualTo(
              new Timeouts(
                  Duration.ofMinutes(1),
                  Duration.ofSeconds(3),
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(10)));
    }
  }

  @Test
  void malformedStateFunDocumentsAreLocated() {
    String yaml =
        """
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: [a.fns/x]
          urlPathTemplat: http://localhost:8000/{function.name}
        ---
        kind: io.statefun.endpoints.v2/http
        spec:
          urlPathTemplate: ftp://localhost/{function.name}
          maxNumBatchRequests: 0
        ---
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: b.fns/*
          urlPathTemplate: http://localhost:8000/{function.name}
          maxNumBatchRequests: many
          transport:
            call: 1m
            read: 2min
            timeouts: { connect: soon, call: 30s }
            pool_size: 8
        ---
        kind: io.statefun.endpoints.v2/htp
        spec: {}
        ---
        kind: io.statefun.kinesis.v1/ingress
        spec: { id: a.io/in }
        ---
        kind: io.statefun.kafka.v1/ingress
        ---
        spec:
          functions: c.fns/*
        ---
        kind: io.statefun.kafka.v1/ingress
        specs: {}
        spec:
          adress: kafka:9092
        ---
        kind: io.statefun.kafka.v1/egress
        spec:
          id: egress
          address: kafka:9092
        ---
        - a list
        ---
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: d.fns/*
          urlPathTemplate: https://localhost:8000/{function.name}
          transport:
            trust_cacerts: missing.pem
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "m/module.yaml:3:3: spec is missing the required key 'urlPathTemplate' (the"
                + " endpoint's http:// or https:// URL; {function.name} stands for the function's"
                + " name)",
            "m/module.yaml:3:14: 'spec.functions' must be the function types served:"
                + " 'namespace/name' or 'namespace/*', got a list",
            "m/module.yaml:4:3: unknown key 'urlPathTemplat' in spec; did you mean"
                + " 'urlPathTemplate'? Allowed keys: functions, urlPathTemplate,"
                + " maxNumBatchRequests, transport",
            "m/module.yaml:8:3: spec is missing the required key 'functions' (the function types"
                + " served: 'namespace/name' or 'namespace/*')",
            "m/module.yaml:8:20: 'spec.urlPathTemplate' has scheme 'ftp'; supported schemes are"
                + " http and https (unix sockets are not supported)",
            "m/module.yaml:9:24: 'spec.maxNumBatchRequests' must be a whole number from 1 to"
                + " 2147483647, got 0",
            "m/module.yaml:15:24: 'spec.maxNumBatchRequests' must be a whole number, got a string",
            "m/module.yaml:18:11: 'spec.transport.read' (2min) must not be longer than"
                + " 'spec.transport.call' (1m)",
            "m/module.yaml:19:26: 'spec.transport.timeouts.connect' is 'soon'; expected a positive"
                + " duration like 2m, 30s, 500ms or 1min (units: ms, s, m, min, h, d)",
            "m/module.yaml:19:38: 'spec.transport.timeouts.call' and 'spec.transport.call' both"
                + " give the call timeout; give it once",
            "m/module.yaml:20:16: 'spec.transport.pool_size' is a setting of StateFun's async"
                + " transport that this runtime does not support; remove it",
            "m/module.yaml:22:7: unknown kind 'io.statefun.endpoints.v2/htp'; did you mean"
                + " 'io.statefun.endpoints.v2/http'? Supported kinds: file,"
                + " io.statefun.endpoints.v1/http, io.statefun.endpoints.v2/http,"
                + " io.statefun.kafka.v1/egress, io.statefun.kafka.v1/ingress, print, sequence",
            "m/module.yaml:25:7: kind 'io.statefun.kinesis.v1/ingress' is not supported by this"
                + " runtime (supported: file, io.statefun.endpoints.v1/http,"
                + " io.statefun.endpoints.v2/http, io.statefun.kafka.v1/egress,"
                + " io.statefun.kafka.v1/ingress, print, sequence)",
            "m/module.yaml:28:1: the document is missing the required key 'spec' (a map with the"
                + " kind's settings); a StateFun module document is a map of 'kind' and 'spec'",
            "m/module.yaml:30:1: the document is missing the required key 'kind' (a kind such as"
                + " 'io.statefun.endpoints.v2/http'); a StateFun module document is a map of 'kind'"
                + " and 'spec'",
            "m/module.yaml:34:1: unknown key 'specs' at the top level; did you mean 'spec'? Allowed"
                + " keys: kind, spec",
            "m/module.yaml:36:3: spec is missing the required key 'id' (an id 'namespace/name')",
            "m/module.yaml:36:3: unknown key 'adress' in spec; did you mean 'address'? Allowed"
                + " keys: address, consumerGroupId, topics, startupPosition,"
                + " autoOffsetResetPosition, properties",
            "m/module.yaml:40:7: 'spec.id' is 'egress', which is not 'namespace/name' (for example"
                + " 'greeter.io/names')",
            "m/module.yaml:43:1: a StateFun module document must be a map with 'kind' and 'spec',"
                + " got a list",
            "m/module.yaml:50:20: 'spec.transport.trust_cacerts' is 'missing.pem', but <root>/m/"
                + "missing.pem does not exist (relative paths resolve against the module"
                + " directory)");
  }

  @Test
  void urlsAreNeverEchoed() {
    String yaml =
        """
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: a.fns/*
          urlPathTemplate: http:///statefun?token=SECRET
        ---
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: b.fns/*
          urlPathTemplate: "http://localhost:8000/ x?token=SECRET"
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "m/module.yaml:4:20: 'spec.urlPathTemplate' has no host; expected"
                + " http://host:port/path",
            "m/module.yaml:9:20: 'spec.urlPathTemplate' is not a valid URL: Illegal character in"
                + " path");
  }

  @Test
  void legacySingleDocumentStateFunFormatPointsToTheCurrentOne() {
    String yaml =
        """
        version: "3.0"
        module:
          meta:
            type: remote
          spec:
            endpoints: []
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "m/module.yaml:1:10: version '3.0' is StateFun's legacy single-document module format,"
                + " which this runtime does not read; write StateFun's current format (one YAML"
                + " document per component, each with 'kind' and 'spec', separated by '---'; no"
                + " 'version') or this runtime's format, 'version: 1'");
  }

  @Test
  void documentsOnlyOfNullAreSkippedButTheModuleMustBindSomething() {
    String yaml = "---\n---\n" + GREETER + "---\n";
    try (LoadedModules loaded = load(yaml)) {
      assertThat(loaded.bindings().namespaces()).containsOnlyKeys("greeter.fns");
    }
  }

  @Test
  void withoutKafkaKindsTheKafkaDocumentsAreUnsupportedNotUnknown() throws IOException {
    write(GREETER);
    ModuleLoader plain = new ModuleLoader(getClass().getClassLoader(), Map.of());
    assertThatThrownBy(() -> plain.load(root, Map.of()))
        .isInstanceOfSatisfying(
            ModuleLoadException.class,
            e ->
                assertThat(e.problems().stream().map(p -> p.describe(root)))
                    .containsExactly(
                        "m/module.yaml:6:7: kind 'io.statefun.kafka.v1/ingress' is not supported by"
                            + " this runtime (supported: file, io.statefun.endpoints.v1/http,"
                            + " io.statefun.endpoints.v2/http, print, sequence)",
                        "m/module.yaml:19:7: kind 'io.statefun.kafka.v1/egress' is not supported by"
                            + " this runtime (supported: file, io.statefun.endpoints.v1/http,"
                            + " io.statefun.endpoints.v2/http, print, sequence)"));
  }

  @Test
  void aFileOfOnlyEmptyDocumentsSaysSo() {
    assertThat(problems("---\n---\n"))
        .containsExactly(
            "m/module.yaml: the file holds only empty YAML documents; it needs 'version: 1', or"
                + " StateFun's documents of 'kind' and 'spec'");
  }

  // ---- format version 1 ----------------------------------------------------------------------

  @Test
  void endpointsOfFormatOneBindTypesAndNamespacesAndRoutersMayTargetThem() throws Exception {
    Files.createDirectories(root.resolve("m/certs"));
    Files.writeString(root.resolve("m/certs/ca.pem"), PEM);
    String yaml =
        """
        version: 1
        endpoints:
          - functions: remote/greeter
            url: https://fns.example.com/{function.name}
            max-batch-size: 10
            transport: { call: 1m, connect: 5s, read: 30s, write: 10s }
            trust-cacerts: certs/ca.pem
          - functions: shop/*
            url: http://localhost:8000/
            on-error: dead-letter
            dead-letter-egress: demo/dead
        ingresses:
          - id: demo/names
            kind: sequence
            spec: { from: 1, to: 3 }
        routers:
          - ingress: demo/names
            target: shop/cart
          - ingress: demo/names
            target: remote/greeter
        egresses:
          - id: demo/dead
            kind: print
        """;
    try (LoadedModules loaded = load(yaml)) {
      Bindings bindings = loaded.bindings();
      assertThat(
              endpoint(bindings.functions().get(new FunctionType("remote", "greeter")).provider()))
          .isEqualTo(
              new EndpointSpec(
                  new FunctionPattern("remote", "greeter"),
                  "https://fns.example.com/{function.name}",
                  10,
                  new Timeouts(
                      Duration.ofMinutes(1),
                      Duration.ofSeconds(5),
                      Duration.ofSeconds(30),
                      Duration.ofSeconds(10)),
                  PEM));
      Bindings.Namespace shop = bindings.namespaces().get("shop");
      assertThat(endpoint(shop.provider()))
          .isEqualTo(
              new EndpointSpec(
                  new FunctionPattern("shop", null),
                  "http://localhost:8000/",
                  1000,
                  Timeouts.defaults(),
                  null));
      assertThat(shop.onError().action()).isEqualTo(FailurePolicy.Action.DEAD_LETTER);
      assertThat(bindings.routers()).hasSize(2);
    }
  }

  @Test
  void malformedEndpointsOfFormatOneAreLocated() throws IOException {
    Files.createDirectories(root.resolve("m"));
    Files.writeString(root.resolve("m/not-a-cert.pem"), "hello");
    String yaml =
        """
        version: 1
        endpoints:
          - functions: shop/ca*
            urll: http://localhost:8000/
          - functions: shop/cart
            url: unix:///tmp/fns.sock
            max-batch-size: 0
            transport: { call: 10s, read: 1m, conect: 1s }
            trust-cacerts: missing.pem
          - functions: shop/pay
            url: http://localhost:8000/
            transport: { connect: 3m, write: 0s }
            trust-cacerts: not-a-cert.pem
          - functions: other/*
            url: http://localhost:8000/{function.name}
        functions:
          - type: shop/echo
            class: org.statefun.loader.fixtures.EchoFunction
        ingresses:
          - id: demo/names
            kind: sequence
            spec: { from: 1, to: 3 }
        routers:
          - ingress: demo/names
            target: shop/echo
          - ingress: demo/names
            target: pay/x
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "m/module.yaml:3:5: endpoints[0] is missing the required key 'url' (the endpoint's"
                + " http:// or https:// URL; {function.name} stands for the function's name)",
            "m/module.yaml:3:16: 'endpoints[0].functions' is 'shop/ca*', which is not"
                + " 'namespace/name' or 'namespace/*' ('*' only as the whole name, for example"
                + " 'greeter.fns/*')",
            "m/module.yaml:4:5: unknown key 'urll' in endpoints[0]; did you mean 'url'? Allowed"
                + " keys: functions, url, max-batch-size, transport, trust-cacerts, on-error,"
                + " dead-letter-egress",
            "m/module.yaml:6:10: 'endpoints[1].url' has scheme 'unix'; supported schemes are http"
                + " and https (unix sockets are not supported)",
            "m/module.yaml:7:21: 'endpoints[1].max-batch-size' must be a whole number from 1 to"
                + " 2147483647, got 0",
            "m/module.yaml:8:35: 'endpoints[1].transport.read' (1m) must not be longer than"
                + " 'endpoints[1].transport.call' (10s)",
            "m/module.yaml:8:39: unknown key 'conect' in endpoints[1].transport; did you mean"
                + " 'connect'? Allowed keys: call, connect, read, write",
            "m/module.yaml:9:20: 'endpoints[1].trust-cacerts' is 'missing.pem', but"
                + " <root>/m/missing.pem does not exist (relative paths resolve against the module"
                + " directory)",
            "m/module.yaml:12:27: 'endpoints[2].transport.connect' (3m) must not be longer than"
                + " the default call timeout (2m)",
            "m/module.yaml:12:38: 'endpoints[2].transport.write' is '0s'; expected a positive"
                + " duration: a whole number and ms, s, m or h, like 10s",
            "m/module.yaml:13:20: 'endpoints[2].trust-cacerts' names <root>/m/not-a-cert.pem,"
                + " which holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            "m/module.yaml:27:13: 'routers[1].target' names function type 'pay/x', which no module"
                + " binds; bound function types: other/*, shop/echo");
  }

  @Test
  void anIngressKindsOwnRouterIsBoundInFormatOneToo() {
    String yaml =
        """
        version: 1
        endpoints:
          - functions: greeter.fns/*
            url: http://localhost:8000/{function.name}
        ingresses:
          - id: greeter.io/user-logins
            kind: io.statefun.kafka.v1/ingress
            spec: { address: "kafka:9092" }
        """;
    try (LoadedModules loaded = load(yaml)) {
      assertThat(loaded.bindings().routers())
          .singleElement()
          .satisfies(
              route ->
                  assertThat(route.router())
                      .isInstanceOf(StateFunKafkaIngressKind.TopicsRouter.class));
    }
  }

  @Test
  void theSummaryShowsEndpointsWithoutTheirPathOrQuery() {
    String yaml =
        """
        version: 1
        endpoints:
          - functions: greeter.fns/*
            url: https://fns.example.com:8443/secret/{function.name}?token=SECRET
            on-error: skip
          - functions: shop/cart
            url: http://localhost:8000/{function.name}
        ingresses:
          - id: greeter.io/user-logins
            kind: io.statefun.kafka.v1/ingress
            spec: { address: "kafka:9092" }
        """;
    try (LoadedModules loaded = load(yaml)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Summary.print(loaded, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String summary = bytes.toString(StandardCharsets.UTF_8);
      assertThat(summary)
          .contains(
              "function types:\n"
                  + "  shop/cart  remote http://localhost:8000  [m]\n"
                  + "  greeter.fns/*  remote https://fns.example.com:8443  [m]  on-error: skip\n")
          .doesNotContain("SECRET")
          .doesNotContain("secret");
    }
  }

  @Test
  void aTypeBoundByAClassAndByAnEndpointNamesBothPlaces() {
    String yaml =
        """
        version: 1
        functions:
          - type: shop/cart
            class: org.statefun.loader.fixtures.EchoFunction
        endpoints:
          - functions: shop/cart
            url: http://localhost:8000/{function.name}
        ingresses:
          - id: demo/names
            kind: sequence
            spec: { from: 1, to: 3 }
        routers:
          - ingress: demo/names
            target: shop/cart
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "m/module.yaml:6:5: function type 'shop/cart' is already bound by functions[0] of"
                + " module 'm' (m/module.yaml:3:5); ids and function types must be unique across"
                + " all modules");
  }

  @Test
  void anEndpointTimeoutLongerThanTheDefaultCallTimeoutSaysSo() {
    String yaml =
        """
        version: 1
        endpoints:
          - functions: shop/*
            url: http://localhost:8000/{function.name}
            transport: { read: 3m }
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "m/module.yaml:5:24: 'endpoints[0].transport.read' (3m) must not be longer than the"
                + " default call timeout (2m)");
  }

  // ---- helpers -------------------------------------------------------------------------------

  private LoadedModules load(String moduleYaml) {
    write(moduleYaml);
    return new ModuleLoader(RUNTIME, Map.of()).load(root, Map.of());
  }

  private List<String> problems(String moduleYaml) {
    write(moduleYaml);
    String absolute = root.toAbsolutePath().normalize() + "/";
    Map<String, Object> holder = new LinkedHashMap<>();
    assertThatThrownBy(() -> new ModuleLoader(RUNTIME, Map.of()).load(root, Map.of()))
        .isInstanceOfSatisfying(
            ModuleLoadException.class,
            e ->
                holder.put(
                    "problems",
                    e.problems().stream()
                        .map(p -> p.describe(root).replace(absolute, "<root>/"))
                        .toList()));
    @SuppressWarnings("unchecked")
    List<String> problems = (List<String>) holder.get("problems");
    return problems;
  }

  private void write(String moduleYaml) {
    try {
      Files.createDirectories(root.resolve("m"));
      Files.writeString(root.resolve("m/module.yaml"), moduleYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EndpointSpec endpoint(Object provider) {
    assertThat(provider).isInstanceOf(RemoteFunctionProvider.class);
    return ((RemoteFunctionProvider) provider).endpoint();
  }

  private static ClassLoader runtimeWithStateFunKinds() {
    try {
      return new URLClassLoader(
          new URL[] {Path.of("src/test/resources/statefun-kinds/").toUri().toURL()},
          RemoteEndpointsTest.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
