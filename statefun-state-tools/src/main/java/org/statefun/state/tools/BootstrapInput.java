package org.statefun.state.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.java.tuple.Tuple2;
import org.statefun.sdk.FunctionType;

/**
 * The JSON lines of {@code bootstrap --input}, each checked against the modules' declared states
 * before anything is written: one object per line (blank lines skipped) with {@code type}, {@code
 * id}, {@code state} and the one of {@code value}, {@code table} or {@code buffer} the state is.
 */
final class BootstrapInput {
  private static final Set<String> FIELDS =
      Set.of("type", "id", "state", "value", "table", "buffer");

  private BootstrapInput() {}

  /**
   * Reads and checks {@code file}.
   *
   * @param shown the file as messages name it
   * @return per line, the id (the key) and the line
   * @throws StateToolException naming file and line of the first problem
   */
  static List<Tuple2<String, String>> read(
      Path file, String shown, DeclaredStates declared, ObjectMapper mapper) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw StateToolException.problem("statefun state: " + shown + ": no such file");
    } catch (IOException e) {
      throw StateToolException.problem("statefun state: " + shown + ": cannot be read: " + e);
    }
    List<Tuple2<String, String>> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.isBlank()) {
        continue;
      }
      String where = "statefun state: " + shown + ":" + (i + 1) + ": ";
      try {
        entries.add(check(text, declared, mapper, seen));
      } catch (IllegalArgumentException e) {
        throw StateToolException.problem(where + e.getMessage());
      }
    }
    if (entries.isEmpty()) {
      throw StateToolException.problem("statefun state: " + shown + " holds no state lines");
    }
    return entries;
  }

  private static Tuple2<String, String> check(
      String text, DeclaredStates declared, ObjectMapper mapper, Set<String> seen) {
    JsonNode line;
    try {
      line = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object: " + StateJson.describe(e));
    }
    if (line == null || !line.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    for (Iterator<String> it = line.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field '" + field + "'; a line has type, id, state and value, table or buffer");
      }
    }
    String typeName = text(line, "type");
    String id = text(line, "id");
    String stateName = text(line, "state");
    FunctionType type =
        declared
            .type(typeName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "type '"
                            + typeName
                            + "': the modules bind no such function type; they bind "
                            + declared.typeList()));
    DeclaredState state =
        declared
            .state(type, stateName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "state '"
                            + stateName
                            + "': function type "
                            + type
                            + " declares no such state; it declares "
                            + declared.stateList(type)));
    String field = state.kind().field();
    for (DeclaredState.Kind kind : DeclaredState.Kind.values()) {
      if (kind != state.kind() && line.has(kind.field())) {
        throw new IllegalArgumentException(
            "'"
                + kind.field()
                + "' given, but state '"
                + stateName
                + "' of "
                + type
                + " is "
                + state.describe()
                + ": give '"
                + field
                + "'");
      }
    }
    JsonNode content = line.get(field);
    if (content == null) {
      throw new IllegalArgumentException(
          "'" + field + "' is missing (state '" + stateName + "' is " + state.describe() + ")");
    }
    try {
      decode(mapper, state, content);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          field
              + " of state '"
              + stateName
              + "' ("
              + state.describe()
              + ") does not fit: "
              + StateJson.describe(e));
    }
    if (!seen.add(typeName + "\n" + id + "\n" + stateName)) {
      throw new IllegalArgumentException(
          "state '" + stateName + "' of " + typeName + " id '" + id + "' is given twice");
    }
    return Tuple2.of(id, text);
  }

  /**
   * The value a line's content stands for: a value, a map of table entries or a list of buffer
   * elements, of the declared classes.
   */
  static Object decode(ObjectMapper mapper, DeclaredState state, JsonNode content)
      throws JsonProcessingException {
    switch (state.kind()) {
      case VALUE:
        return StateJson.value(mapper, content, state.valueClass());
      case TABLE:
        if (!content.isObject()) {
          throw new IllegalArgumentException("a table is a JSON object, not " + content);
        }
        Map<Object, Object> entries = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          Object key;
          try {
            key = StateJson.key(mapper, entry.getKey(), state.keyClass());
          } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                "key '" + entry.getKey() + "': " + StateJson.describe(e));
          }
          try {
            entries.put(key, StateJson.value(mapper, entry.getValue(), state.valueClass()));
          } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "key '" + entry.getKey() + "': " + StateJson.describe(e));
          }
        }
        return entries;
      default:
        if (!content.isArray()) {
          throw new IllegalArgumentException("a buffer is a JSON array, not " + content);
        }
        return StateJson.elements(mapper, content, state.valueClass());
    }
  }

  private static String text(JsonNode line, String field) {
    JsonNode node = line.get(field);
    if (node == null) {
      throw new IllegalArgumentException("'" + field + "' is missing");
    }
    if (!node.isTextual() || node.asText().isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
    }
    return node.asText();
  }
}
