package org.statefun.loader.yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads StateFun's module format (3.1 and later): YAML documents separated by {@code ---}, each a
 * map of {@code kind:} and {@code spec:}; empty documents are skipped. Endpoint documents are read
 * here; documents of other kinds are left to the loader, which resolves them against the module's
 * ingress and egress kinds.
 */
final class StateFunDocuments {

  static final List<String> DOCUMENT_KEYS = List.of("kind", "spec");
  static final String KIND_EXPECTED = "a kind such as '" + EndpointReader.V2 + "'";

  private StateFunDocuments() {}

  /**
   * Whether {@code documents} (empty ones included) are StateFun's format rather than format
   * version 1: the first document that is not empty is a map with {@code kind} or {@code spec} and
   * no {@code version}, or there are several documents and the first one has no {@code version}.
   */
  static boolean isStateFun(List<YamlNode> documents) {
    List<YamlNode> present = documents.stream().filter(d -> !isEmpty(d)).toList();
    if (present.isEmpty() || !(present.get(0) instanceof YamlMap first)) {
      return false;
    }
    if (first.entry("version").isPresent()) {
      return false;
    }
    return first.entry("kind").isPresent()
        || first.entry("spec").isPresent()
        || documents.size() > 1;
  }

  static boolean isEmpty(YamlNode document) {
    return document instanceof YamlScalar s && s.style() == YamlScalar.Style.NULL;
  }

  static ModuleDocument parse(Path file, List<YamlNode> documents, Problems problems) {
    Path directory = file.toAbsolutePath().getParent();
    List<ModuleDocument.Endpoint> endpoints = new ArrayList<>();
    List<ModuleDocument.KindDocument> others = new ArrayList<>();
    Set<String> broken = new HashSet<>();
    for (YamlNode document : documents) {
      if (isEmpty(document)) {
        continue;
      }
      if (!(document instanceof YamlMap map)) {
        problems.add(
            document.location(),
            "a StateFun module document must be a map with 'kind' and 'spec', got "
                + document.describe());
        continue;
      }
      MapReader top = new MapReader(map, "", problems);
      if (map.entry("version").isPresent()) {
        top.problem(
            "version",
            "'version' belongs to a module.yaml of format version 1, which is one document; in"
                + " StateFun's format each document is a map of 'kind' and 'spec' only");
        continue;
      }
      top.allowOnly(DOCUMENT_KEYS);
      Optional<String> kind = Optional.empty();
      if (!top.has("kind")) {
        missing(map, "kind", KIND_EXPECTED, problems);
      } else {
        kind = top.optionalString("kind", KIND_EXPECTED);
      }
      Optional<YamlMap> spec = Optional.empty();
      if (!top.has("spec")) {
        missing(map, "spec", "a map with the kind's settings", problems);
      } else {
        spec = top.optionalMap("spec");
      }
      if (kind.isEmpty() || spec.isEmpty()) {
        continue;
      }
      if (EndpointReader.KINDS.contains(kind.get())) {
        EndpointReader.stateFun(
                kind.get(),
                new MapReader(spec.get(), "spec", problems),
                map.location(),
                directory,
                broken)
            .ifPresent(endpoints::add);
      } else {
        others.add(
            new ModuleDocument.KindDocument(
                map.location(), kind.get(), top.locationOf("kind"), spec.get()));
      }
    }
    Location start =
        documents.stream()
            .filter(d -> !isEmpty(d))
            .findFirst()
            .map(YamlNode::location)
            .orElse(Location.of(file));
    return new ModuleDocument(
        file,
        Optional.empty(),
        start,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        endpoints,
        others,
        broken,
        Set.of());
  }

  private static void missing(YamlMap document, String key, String expected, Problems problems) {
    problems.add(
        document.location(),
        "the document is missing the required key '"
            + key
            + "' ("
            + expected
            + "); a StateFun module document is a map of 'kind' and 'spec'");
  }
}
