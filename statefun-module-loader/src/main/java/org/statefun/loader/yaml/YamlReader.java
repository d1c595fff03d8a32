package org.statefun.loader.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML file into a tree of {@link YamlNode}s that remember their line and column. Syntax
 * errors, duplicate keys, non-string keys and extra documents are problems; scalars go through
 * {@link EnvSubstitution}.
 */
public final class YamlReader {

  private static final YAMLFactory YAML = new YAMLFactory();

  private final EnvSubstitution substitution;

  public YamlReader(EnvSubstitution substitution) {
    this.substitution = Objects.requireNonNull(substitution, "substitution");
  }

  /** The single document of {@code file}; empty (with a problem) when it cannot be read. */
  public Optional<YamlNode> read(Path file, Problems problems) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        JsonParser parser = YAML.createParser(reader)) {
      Problems local = new Problems();
      JsonToken first = parser.nextToken();
      if (first == null) {
        problems.add(Location.of(file), "the file is empty; it needs at least 'version: 1'");
        return Optional.empty();
      }
      YamlNode root = node(parser, file, local);
      if (parser.nextToken() != null) {
        local.add(
            at(file, parser.currentTokenLocation()),
            "a second YAML document starts here; module.yaml holds exactly one document");
      }
      problems.addAll(local);
      return Optional.of(root);
    } catch (JsonProcessingException e) {
      syntaxError(file, e, problems);
      return Optional.empty();
    } catch (IOException e) {
      problems.add(Location.of(file), "cannot read the file: " + e);
      return Optional.empty();
    }
  }

  private YamlNode node(JsonParser parser, Path file, Problems problems) throws IOException {
    Location location = at(file, parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        return map(parser, file, location, problems);
      case START_ARRAY:
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(node(parser, file, problems));
        }
        return new YamlList(location, items);
      case VALUE_NULL:
        return new YamlScalar(location, "", YamlScalar.Style.NULL);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new YamlScalar(location, parser.getText(), YamlScalar.Style.BOOLEAN);
      case VALUE_NUMBER_INT:
        return new YamlScalar(location, parser.getText(), YamlScalar.Style.INTEGER);
      case VALUE_NUMBER_FLOAT:
        return new YamlScalar(location, parser.getText(), YamlScalar.Style.DECIMAL);
      default:
        String text = parser.getText();
        return substitution
            .apply(text, location, problems)
            .map(value -> new YamlScalar(location, value, YamlScalar.Style.STRING))
            .orElseGet(() -> new YamlScalar(location, text, YamlScalar.Style.UNRESOLVED));
    }
  }

  private YamlMap map(JsonParser parser, Path file, Location location, Problems problems)
      throws IOException {
    Map<String, YamlMap.Entry> entries = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      Location keyLocation = at(file, parser.currentTokenLocation());
      parser.nextToken();
      YamlNode value = node(parser, file, problems);
      YamlMap.Entry previous = entries.putIfAbsent(key, new YamlMap.Entry(key, keyLocation, value));
      if (previous != null) {
        problems.add(
            keyLocation,
            "duplicate key '"
                + key
                + "' (first written at line "
                + previous.keyLocation().line()
                + "); each key may appear once");
      }
    }
    return new YamlMap(location, entries);
  }

  private static Location at(Path file, JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return Location.of(file);
    }
    return new Location(file, location.getLineNr(), Math.max(location.getColumnNr(), 1));
  }

  private static void syntaxError(Path file, JsonProcessingException e, Problems problems) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
        Mark mark = yaml.getProblemMark();
        String context =
            yaml.getContext() == null || yaml.getContextMark() == null
                ? ""
                : " (" + yaml.getContext() + " at line " + (yaml.getContextMark().getLine() + 1) + ")";
        problems.add(
            new Location(file, mark.getLine() + 1, mark.getColumn() + 1),
            "invalid YAML: " + yaml.getProblem() + context);
        return;
      }
    }
    problems.add(at(file, e.getLocation()), "invalid YAML: " + firstLine(e.getOriginalMessage()));
  }

  private static String firstLine(String message) {
    String text = message == null ? "" : message.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline).strip();
  }
}
