package org.statefun.state.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON lines of state, the same for {@code inspect}'s output and {@code bootstrap}'s input:
 *
 * <pre>
 * {"type":"ns/name","id":"alice","state":"visits","value":3}
 * {"type":"ns/name","id":"alice","state":"cart","table":{"apple":2}}
 * {"type":"ns/name","id":"alice","state":"history","buffer":["apple","pear"]}
 * </pre>
 *
 * Values of user classes are written and read with Jackson. Reading is strict: no number is
 * truncated or read from a string, and no unknown field is ignored.
 */
final class StateJson {
  private StateJson() {}

  /** A mapper for state values. */
  static ObjectMapper mapper() {
    return JsonMapper.builder()
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .build();
  }

  /** The line of one state of one address. */
  static String line(
      ObjectMapper mapper, String type, String id, String state, String field, JsonNode content)
      throws JsonProcessingException {
    ObjectNode line = mapper.createObjectNode();
    line.put("type", type);
    line.put("id", id);
    line.put("state", state);
    line.set(field, content);
    return mapper.writeValueAsString(line);
  }

  /** A table as a JSON object, its keys as text, sorted. */
  static JsonNode table(ObjectMapper mapper, Iterable<? extends Map.Entry<?, ?>> entries) {
    TreeMap<String, JsonNode> sorted = new TreeMap<>();
    for (Map.Entry<?, ?> entry : entries) {
      sorted.put(keyText(mapper, entry.getKey()), mapper.valueToTree(entry.getValue()));
    }
    ObjectNode table = mapper.createObjectNode();
    sorted.forEach(table::set);
    return table;
  }

  /** A buffer as a JSON array, in order. */
  static JsonNode buffer(ObjectMapper mapper, Iterable<?> elements) {
    ArrayNode array = mapper.createArrayNode();
    for (Object element : elements) {
      array.add((JsonNode) mapper.valueToTree(element));
    }
    return array;
  }

  /** A table key as the text of a JSON object key: strings as they are, others as JSON. */
  static String keyText(ObjectMapper mapper, Object key) {
    if (key instanceof String s) {
      return s;
    }
    JsonNode node = mapper.valueToTree(key);
    return node.isValueNode() ? node.asText() : node.toString();
  }

  /**
   * The key of a table of {@code keyClass} that {@code text} names: a string key as it is, others
   * read as JSON.
   */
  static Object key(ObjectMapper mapper, String text, Class<?> keyClass)
      throws JsonProcessingException {
    if (keyClass == String.class) {
      return text;
    }
    JsonNode node;
    try {
      node = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      node = TextNode.valueOf(text);
    }
    return mapper.treeToValue(node, keyClass);
  }

  /** Reads a value of {@code type}; null is refused. */
  static Object value(ObjectMapper mapper, JsonNode node, Class<?> type)
      throws JsonProcessingException {
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException("null is not a value; leave the state out instead");
    }
    Object value = mapper.treeToValue(node, type);
    if (value == null) {
      throw new IllegalArgumentException("null is not a value; leave the state out instead");
    }
    return value;
  }

  /** Reads the elements of a buffer of {@code type}. */
  static List<Object> elements(ObjectMapper mapper, JsonNode array, Class<?> type)
      throws JsonProcessingException {
    List<Object> elements = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      try {
        elements.add(value(mapper, array.get(i), type));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new IllegalArgumentException("element " + i + ": " + StateJson.describe(e), e);
      }
    }
    return elements;
  }

  /** The first line of a Jackson message, without its location (a tree has none worth giving). */
  static String describe(Exception e) {
    String message =
        e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (message == null) {
      return e.toString();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
