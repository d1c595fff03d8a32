package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.statefun.distribution.remote.TestFunctionServer.Sdk;

/**
 * Every StateFun primitive type (string, int, long, bool, float, double) crosses from an embedded
 * Java function to a remote function and back, and to an egress, as exactly the Java value it
 * started as ({@link EmbeddedSink#PRIMITIVES} and the edge values {@link EmbeddedSink#EDGES}:
 * default values, extremes, infinities, NaN, negative zero, non-ASCII text).
 */
class RemoteTypesIT extends RemoteFunctionsITBase {

  private static String javaValue(Object value) {
    return value + " (" + value.getClass().getSimpleName() + ")";
  }

  private static String typeName(Object value) {
    return switch (value.getClass().getSimpleName()) {
      case "String" -> "string";
      case "Integer" -> "int";
      case "Long" -> "long";
      case "Boolean" -> "bool";
      case "Float" -> "float";
      case "Double" -> "double";
      default -> throw new IllegalArgumentException(value.getClass().getName());
    };
  }

  /**
   * The value as the SDK encodes it when it makes a new typed value of it (the echo's egress
   * message): the official Java SDK 3.3.0 writes negative zero as an empty wrapper message, which
   * is positive zero (its shaded protobuf skips a float or double field equal to 0, and {@code -0.0
   * == 0}). The answer to the caller carries the received bytes, so it keeps negative zero.
   */
  private static Object sdkEncoded(Sdk sdk, Object value) {
    if (sdk == Sdk.JAVA && value instanceof Float f && f == 0) {
      return 0.0f;
    }
    if (sdk == Sdk.JAVA && value instanceof Double d && d == 0) {
      return 0.0d;
    }
    return value;
  }

  @ParameterizedTest
  @EnumSource(Sdk.class)
  void everyPrimitiveTypeRoundTripsExactly(Sdk sdk) throws Exception {
    try (TestFunctionServer server = sdk.start()) {
      writeModule("remote", RemoteModuleYaml.commandsModule(server.url(), 100));
      writeFile("remote", "commands.txt", "embedded/sink echo-all\nembedded/sink echo-edges\n");

      List<String> lines = runAndCollect("", Map.of());

      List<String> expectedBack = new ArrayList<>();
      List<String> expectedEchoes = new ArrayList<>();
      List<String> expectedOut = new ArrayList<>();
      for (String id : List.of("echo-all", "echo-edges")) {
        List<Object> values = id.equals("echo-all") ? EmbeddedSink.PRIMITIVES : EmbeddedSink.EDGES;
        List<String> back = new ArrayList<>();
        for (Object value : values) {
          back.add("embedded " + id + " " + javaValue(value) + " from remote-test/echo/" + id);
          expectedEchoes.add("echoes " + sdkEncoded(sdk, value));
          expectedOut.add("out echo " + typeName(value) + " " + value);
        }
        // One sender, one receiver: the values come back in the order they were sent.
        assertThat(lines.stream().filter(l -> l.startsWith("embedded " + id + " ")).toList())
            .as("what came back to embedded/sink %s", id)
            .containsExactlyElementsOf(back);
        expectedBack.addAll(back);
      }
      assertThat(lines.stream().filter(l -> l.startsWith("embedded ")).toList())
          .containsExactlyInAnyOrderElementsOf(expectedBack);
      assertThat(lines.stream().filter(l -> l.startsWith("echoes ")).toList())
          .as("the remote function's egress messages, as Java values")
          .containsExactlyInAnyOrderElementsOf(expectedEchoes);
      if (sdk == Sdk.JAVA) {
        // What the Java SDK read (Node formats numbers its own way, so only Java is compared).
        assertThat(lines.stream().filter(l -> l.startsWith("out ")).toList())
            .containsExactlyInAnyOrderElementsOf(expectedOut);
      } else {
        assertThat(lines.stream().filter(l -> l.startsWith("out echo ")).toList())
            .hasSize(expectedOut.size());
      }
    }
  }
}
