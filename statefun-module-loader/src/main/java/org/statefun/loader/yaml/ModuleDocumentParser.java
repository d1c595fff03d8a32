package org.statefun.loader.yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.statefun.loader.spi.ComponentId;
import org.statefun.sdk.FunctionType;

/**
 * Parses {@code module.yaml} strictly, in format version 1 or in StateFun's multi-document format
 * ({@link StateFunDocuments}): unknown keys, missing keys, wrong types, malformed ids and unknown
 * versions are problems with file, line and column. Entries with problems are left out of the
 * result; everything else is still parsed, so one run reports all. Not thread-safe: use one parser
 * per thread.
 */
public final class ModuleDocumentParser {

  /** The only format version this parser reads. */
  public static final int VERSION = 1;

  /** The endpoint kinds of StateFun's format, which this parser reads itself. */
  public static final List<String> STATEFUN_ENDPOINT_KINDS = EndpointReader.KINDS;

  static final List<String> ROOT_KEYS =
      List.of("version", "module", "functions", "ingresses", "routers", "egresses", "endpoints");
  static final List<String> FUNCTION_KEYS =
      List.of("type", "class", "provider", "on-error", "dead-letter-egress");
  static final List<String> ON_ERROR = List.of("fail", "skip", "dead-letter");
  static final List<String> COMPONENT_KEYS = List.of("id", "kind", "spec");
  static final List<String> ROUTER_KEYS = List.of("ingress", "target", "id", "class");

  private static final String ID_EXPECTED = "an id 'namespace/name'";
  private static final String CLASS_EXPECTED = "a fully qualified class name";

  private final YamlReader reader;
  private final Set<String> broken = new HashSet<>();
  private final Set<String> brokenRouterIngresses = new HashSet<>();

  public ModuleDocumentParser(YamlReader reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  /**
   * Parses {@code file}, in format version 1 or in StateFun's multi-document format; empty when it
   * is not a module document at all.
   */
  public Optional<ModuleDocument> parse(Path file, Problems problems) {
    Optional<List<YamlNode>> documents = reader.readDocuments(file, problems);
    if (documents.isEmpty()) {
      return Optional.empty();
    }
    if (documents.get().stream().allMatch(StateFunDocuments::isEmpty)) {
      problems.add(
          Location.of(file),
          "the file holds only empty YAML documents; it needs 'version: 1', or StateFun's documents"
              + " of 'kind' and 'spec'");
      return Optional.empty();
    }
    if (StateFunDocuments.isStateFun(documents.get())) {
      return Optional.of(StateFunDocuments.parse(file, documents.get(), problems));
    }
    List<YamlNode> all = documents.get();
    if (all.size() > 1) {
      problems.add(
          all.get(1).location(),
          "a second YAML document starts here; a module.yaml with 'version: 1' holds exactly one"
              + " document");
    }
    YamlNode root = all.get(0);
    if (!(root instanceof YamlMap map)) {
      problems.add(
          root.location(),
          "a module.yaml must be a map starting with 'version: 1' (or StateFun's documents of"
              + " 'kind' and 'spec'), got "
              + root.describe());
      return Optional.empty();
    }
    MapReader top = new MapReader(map, "", problems);
    top.allowOnly(ROOT_KEYS);
    if (!checkVersion(top)) {
      return Optional.empty();
    }
    Optional<String> name = top.optionalString("module", "a module name");
    broken.clear();
    brokenRouterIngresses.clear();
    Path directory = file.toAbsolutePath().getParent();
    return Optional.of(
        new ModuleDocument(
            file,
            name,
            top.locationOf("module"),
            entries(top, "functions", this::function),
            entries(top, "ingresses", this::component),
            entries(top, "routers", this::router),
            entries(top, "egresses", this::component),
            entries(top, "endpoints", (entry, at) -> endpoint(entry, at, directory)),
            List.of(),
            broken,
            brokenRouterIngresses));
  }

  private Optional<ModuleDocument.Endpoint> endpoint(
      MapReader entry, Location location, Path directory) {
    Optional<ModuleDocument.Endpoint> endpoint = EndpointReader.format1(entry, location, directory);
    if (endpoint.isEmpty()) {
      entry
          .optionalString("functions", "")
          .filter(text -> !text.isBlank())
          .ifPresent(text -> broken.add(text.strip()));
    }
    return endpoint;
  }

  /** Whether the file may be read further: false for StateFun's legacy single-document format. */
  private static boolean checkVersion(MapReader top) {
    if (!top.has("version")) {
      top.missing("version", "the format version, 1");
      return true;
    }
    Optional<YamlNode> node = top.node("version");
    if (node.isPresent()
        && node.get() instanceof YamlScalar scalar
        && scalar.text().strip().matches("\\d+\\.\\d+")) {
      top.problem(
          "version",
          "version '"
              + scalar.text().strip()
              + "' is StateFun's legacy single-document module format, which this runtime does not"
              + " read; write StateFun's current format (one YAML document per component, each"
              + " with 'kind' and 'spec', separated by '---'; no 'version') or this runtime's"
              + " format, 'version: 1'");
      return false;
    }
    top.optionalLong("version")
        .filter(v -> v != VERSION)
        .ifPresent(
            v ->
                top.problem(
                    "version",
                    "unsupported version "
                        + v
                        + "; this runtime reads module.yaml version "
                        + VERSION));
    return true;
  }

  private static <T> List<T> entries(
      MapReader top, String key, BiFunction<MapReader, Location, Optional<T>> parseEntry) {
    List<T> result = new ArrayList<>();
    Optional<YamlList> list = top.optionalList(key);
    if (list.isEmpty()) {
      return result;
    }
    List<YamlNode> items = list.get().items();
    for (int i = 0; i < items.size(); i++) {
      String path = key + "[" + i + "]";
      YamlNode item = items.get(i);
      if (item instanceof YamlMap entry) {
        parseEntry
            .apply(new MapReader(entry, path, top.problems()), entry.location())
            .ifPresent(result::add);
      } else {
        top.problems().add(item.location(), "'" + path + "' must be a map, got " + item.describe());
      }
    }
    return result;
  }

  private Optional<ModuleDocument.Function> function(MapReader entry, Location location) {
    entry.allowOnly(FUNCTION_KEYS);
    Optional<FunctionType> type = functionType(entry, "type");
    boolean hasClass = entry.has("class");
    boolean hasProvider = entry.has("provider");
    type.ifPresent(t -> broken.add(t.toString()));
    if (hasClass && hasProvider) {
      entry.problem(
          "provider",
          "'" + entry.name("provider") + "' and 'class' exclude each other; give one of them");
      return Optional.empty();
    }
    if (!hasClass && !hasProvider) {
      if (entry.hasMisspelled(FUNCTION_KEYS, "class", "provider")) {
        // allowOnly already reported the key with "did you mean 'class'?": one problem, not two.
        return Optional.empty();
      }
      entry.missing(
          "class", "a StatefulFunction class, or 'provider' with a StatefulFunctionProvider class");
      return Optional.empty();
    }
    String key = hasClass ? "class" : "provider";
    Optional<ModuleDocument.ClassRef> implementation = classRef(entry, key);
    Optional<ModuleDocument.OnError> onError = onError(entry);
    if (type.isEmpty() || implementation.isEmpty() || onError.isEmpty()) {
      return Optional.empty();
    }
    broken.remove(type.get().toString());
    return Optional.of(
        new ModuleDocument.Function(
            location, entry.path(), type.get(), implementation.get(), hasProvider, onError.get()));
  }

  /**
   * {@code on-error} (default fail) and {@code dead-letter-egress}, which goes with dead-letter
   * only.
   */
  static Optional<ModuleDocument.OnError> onError(MapReader entry) {
    boolean hasEgress = entry.has("dead-letter-egress");
    Optional<String> action =
        entry.has("on-error") ? entry.optionalChoice("on-error", ON_ERROR) : Optional.of("fail");
    if (action.isEmpty()) {
      return Optional.empty();
    }
    if (!action.get().equals("dead-letter")) {
      if (hasEgress) {
        entry.problem(
            "dead-letter-egress",
            "'" + entry.name("dead-letter-egress") + "' only applies with 'on-error: dead-letter'");
        return Optional.empty();
      }
      return Optional.of(
          new ModuleDocument.OnError(action.get(), Optional.empty(), entry.locationOf("on-error")));
    }
    if (!hasEgress) {
      entry.problem(
          "on-error",
          "'"
              + entry.name("on-error")
              + "' is 'dead-letter', which needs 'dead-letter-egress': the id 'namespace/name' of the"
              + " egress that receives the dead letters");
      return Optional.empty();
    }
    return componentId(entry, "dead-letter-egress")
        .map(
            egress ->
                new ModuleDocument.OnError(
                    action.get(), Optional.of(egress), entry.locationOf("dead-letter-egress")));
  }

  private Optional<ModuleDocument.Component> component(MapReader entry, Location location) {
    entry.allowOnly(COMPONENT_KEYS);
    Optional<ComponentId> id = componentId(entry, "id");
    Optional<String> kind = entry.requiredString("kind", "the kind, for example 'file'");
    Optional<YamlMap> spec =
        entry.has("spec") ? entry.optionalMap("spec") : Optional.of(YamlMap.empty(location));
    if (id.isEmpty() || kind.isEmpty() || spec.isEmpty()) {
      id.ifPresent(i -> broken.add(i.toString()));
      return Optional.empty();
    }
    String path = entry.path();
    return Optional.of(
        new ModuleDocument.Component(
            location, path, id.get(), kind.get(), entry.locationOf("kind"), spec.get()));
  }

  private Optional<ModuleDocument.Router> router(MapReader entry, Location location) {
    entry.allowOnly(ROUTER_KEYS);
    Optional<ComponentId> ingress = componentId(entry, "ingress");
    Optional<ModuleDocument.Router> router = routerOf(entry, location, ingress);
    if (router.isEmpty()) {
      ingress.ifPresent(i -> brokenRouterIngresses.add(i.toString()));
    }
    return router;
  }

  private Optional<ModuleDocument.Router> routerOf(
      MapReader entry, Location location, Optional<ComponentId> ingress) {
    boolean hasTarget = entry.has("target");
    boolean hasClass = entry.has("class");
    if (hasTarget && hasClass) {
      entry.problem(
          "class",
          "'" + entry.name("class") + "' and 'target' exclude each other; give one of them");
      return Optional.empty();
    }
    if (!hasTarget && !hasClass) {
      entry.missing("target", "a function type 'namespace/name', or 'class' with a Router class");
      return Optional.empty();
    }
    if (hasClass) {
      if (entry.has("id")) {
        entry.problem(
            "id", "'" + entry.name("id") + "' only applies with 'target', not with 'class'");
      }
      Optional<ModuleDocument.ClassRef> routerClass = classRef(entry, "class");
      if (ingress.isEmpty() || routerClass.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new ModuleDocument.Router(
              location, ingress.get(), entry.locationOf("ingress"), Optional.empty(), routerClass));
    }
    Optional<FunctionType> type = functionType(entry, "target");
    Optional<RecordId> id = recordId(entry);
    if (ingress.isEmpty() || type.isEmpty() || id.isEmpty()) {
      return Optional.empty();
    }
    ModuleDocument.Target target =
        new ModuleDocument.Target(
            type.get(), entry.locationOf("target"), id.get(), entry.locationOf("id"));
    return Optional.of(
        new ModuleDocument.Router(
            location,
            ingress.get(),
            entry.locationOf("ingress"),
            Optional.of(target),
            Optional.empty()));
  }

  private static Optional<RecordId> recordId(MapReader entry) {
    String expected = "value, key or value.<field>[.<field>…]";
    if (!entry.has("id")) {
      return Optional.of(new RecordId(RecordId.Source.VALUE, List.of()));
    }
    return entry
        .optionalString("id", expected)
        .flatMap(
            text -> {
              Optional<RecordId> id = RecordId.parse(text);
              if (id.isEmpty()) {
                entry.problem(
                    "id",
                    entry.quote("id", text)
                        + DidYouMean.hint(text, List.of("value", "key"))
                        + (DidYouMean.closest(text, List.of("value", "key")).isPresent()
                            ? " Expected "
                            : "; expected ")
                        + expected);
              }
              return id;
            });
  }

  private static Optional<FunctionType> functionType(MapReader entry, String key) {
    return entry
        .requiredString(key, "a function type 'namespace/name'")
        .flatMap(
            text ->
                ComponentId.parse(text)
                    .map(id -> new FunctionType(id.namespace(), id.name()))
                    .or(
                        () -> {
                          entry.problem(key, malformed(entry, key, text, "shop/cart"));
                          return Optional.empty();
                        }));
  }

  private static Optional<ComponentId> componentId(MapReader entry, String key) {
    return entry
        .requiredString(key, ID_EXPECTED)
        .flatMap(
            text ->
                ComponentId.parse(text)
                    .or(
                        () -> {
                          entry.problem(key, malformed(entry, key, text, "demo/names"));
                          return Optional.empty();
                        }));
  }

  private static Optional<ModuleDocument.ClassRef> classRef(MapReader entry, String key) {
    return entry
        .requiredString(key, CLASS_EXPECTED)
        .flatMap(
            name -> {
              if (!name.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
                entry.problem(key, entry.quote(key, name) + ", which is not " + CLASS_EXPECTED);
                return Optional.empty();
              }
              return Optional.of(new ModuleDocument.ClassRef(name, entry.locationOf(key)));
            });
  }

  private static String malformed(MapReader entry, String key, String text, String example) {
    return entry.quote(key, text)
        + ", which is not 'namespace/name' (for example '"
        + example
        + "')";
  }
}
