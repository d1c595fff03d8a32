package org.statefun.loader.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML file into a tree of {@link YamlNode}s that remember their line and column. Syntax
 * errors, duplicate keys, non-string keys, anchors and aliases are problems; scalars go through
 * {@link EnvSubstitution}. A document with anchors or aliases is reported (every anchor and alias,
 * with the other problems of its reading) but not returned.
 */
public final class YamlReader {

  private static final EventYamlFactory YAML = new EventYamlFactory();

  static final String NO_ANCHORS =
      "YAML anchors (&name) and aliases (*name) are not supported in module.yaml; write the value out";

  private final EnvSubstitution substitution;

  public YamlReader(EnvSubstitution substitution) {
    this.substitution = Objects.requireNonNull(substitution, "substitution");
  }

  /**
   * The documents of {@code file}, in order; an empty document is a {@link YamlScalar.Style#NULL}
   * scalar. Empty (with a problem) when the file cannot be read, is empty, is not valid YAML or has
   * anchors or aliases.
   */
  public Optional<List<YamlNode>> readDocuments(Path file, Problems problems) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        EventYamlFactory.EventParser parser =
            (EventYamlFactory.EventParser) YAML.createParser(reader)) {
      return read(parser, file, problems);
    } catch (IOException e) {
      problems.add(Location.of(file), "cannot read the file: " + e);
      return Optional.empty();
    }
  }

  private Optional<List<YamlNode>> read(
      EventYamlFactory.EventParser parser, Path file, Problems problems) throws IOException {
    Problems local = new Problems();
    Anchors anchors = new Anchors();
    try {
      JsonToken first = parser.nextToken();
      if (first == null) {
        problems.add(Location.of(file), "the file is empty; it needs at least 'version: 1'");
        return Optional.empty();
      }
      List<YamlNode> documents = new ArrayList<>();
      do {
        documents.add(node(parser, file, anchors, local));
      } while (parser.nextToken() != null);
      problems.addAll(local);
      // With anchors or aliases the document's structure is not what it seems (a merge key '<<'
      // brings keys, an alias stands for a whole map): reading it further would only report
      // consequences of the same problem.
      return anchors.seen() ? Optional.empty() : Optional.of(documents);
    } catch (JsonProcessingException e) {
      if (parser.alias().isPresent()) {
        // An alias used as a key: Jackson cannot read it at all.
        problems.addAll(local);
        reportAlias(parser, file, anchors, problems);
      } else {
        syntaxError(file, e, problems);
      }
      return Optional.empty();
    }
  }

  private YamlNode node(
      EventYamlFactory.EventParser parser, Path file, Anchors anchors, Problems problems)
      throws IOException {
    Location location = at(file, parser.currentTokenLocation());
    if (parser.alias().isPresent()) {
      reportAlias(parser, file, anchors, problems);
      return new YamlScalar(location, "*" + parser.alias().get(), YamlScalar.Style.UNRESOLVED);
    }
    reportAnchor(parser, file, anchors, problems);
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        return map(parser, file, location, anchors, problems);
      case START_ARRAY:
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(node(parser, file, anchors, problems));
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

  private YamlMap map(
      EventYamlFactory.EventParser parser,
      Path file,
      Location location,
      Anchors anchors,
      Problems problems)
      throws IOException {
    Map<String, YamlMap.Entry> entries = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      Location keyLocation = at(file, parser.currentTokenLocation());
      reportAnchor(parser, file, anchors, problems);
      parser.nextToken();
      YamlNode value = node(parser, file, anchors, problems);
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

  /**
   * Anchors and aliases are rejected rather than resolved: Jackson would read an alias as the
   * anchor's name (so {@code class: *cls} named the class 'cls'), and one spelling per value keeps
   * every problem's location the place the user has to fix.
   */
  private static void reportAnchor(
      EventYamlFactory.EventParser parser, Path file, Anchors anchors, Problems problems) {
    parser
        .anchor()
        .ifPresent(
            anchor -> {
              anchors.define(anchor);
              problems.add(eventLocation(parser, file), "anchor '&" + anchor + "': " + NO_ANCHORS);
            });
  }

  private static void reportAlias(
      EventYamlFactory.EventParser parser, Path file, Anchors anchors, Problems problems) {
    String anchor = parser.alias().orElseThrow();
    anchors.use();
    String undefined = anchors.defines(anchor) ? "" : " (no anchor '&" + anchor + "' defines it)";
    problems.add(
        eventLocation(parser, file), "alias '*" + anchor + "'" + undefined + ": " + NO_ANCHORS);
  }

  /** The anchors defined so far in a document, and whether it has any anchor or alias. */
  private static final class Anchors {
    private final Set<String> defined = new HashSet<>();
    private boolean seen;

    void define(String anchor) {
      defined.add(anchor);
      seen = true;
    }

    void use() {
      seen = true;
    }

    boolean defines(String anchor) {
      return defined.contains(anchor);
    }

    boolean seen() {
      return seen;
    }
  }

  private static Location eventLocation(EventYamlFactory.EventParser parser, Path file) {
    int[] start = parser.eventStart();
    return start[0] < 1 ? Location.of(file) : new Location(file, start[0], start[1]);
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
                : " ("
                    + yaml.getContext()
                    + " at line "
                    + (yaml.getContextMark().getLine() + 1)
                    + ")";
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
