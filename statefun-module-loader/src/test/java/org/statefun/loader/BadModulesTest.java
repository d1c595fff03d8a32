package org.statefun.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every directory below {@code src/test/resources/bad-modules} is a modules directory with a
 * mistake; loading it must fail with exactly the listed problems (file:line:column: message, files
 * relative to that modules directory, {@code <root>} standing for its absolute path).
 */
class BadModulesTest {

  private static final Path CASES = Path.of("src/test/resources/bad-modules");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "duplicate-function-across-modules",
            List.of(
                "b/module.yaml:3:5: function type 'fixtures/echo' is already bound by functions[0] of module 'a' (a/module.yaml:3:5); ids and function types must be unique across all modules")),
        Arguments.of(
            "duplicate-ingress-across-modules",
            List.of(
                "b/module.yaml:3:5: ingress 'fixtures/numbers' is already bound by ingresses[0] of module 'a' (a/module.yaml:6:5); ids and function types must be unique across all modules")),
        Arguments.of(
            "duplicate-key",
            List.of(
                "m/module.yaml:12:1: duplicate key 'version' (first written at line 1); each key may appear once")),
        Arguments.of(
            "duplicate-module-name",
            List.of("b/module.yaml:2:9: module name 'shop' is already used by a/module.yaml:2:9")),
        Arguments.of(
            "empty-file",
            List.of("m/module.yaml: the file is empty; it needs at least 'version: 1'")),
        Arguments.of(
            "file-bad-watch",
            List.of(
                "m/module.yaml:10:14: 'ingresses[0].spec.watch' is 'soon'; expected a positive duration: a whole number and ms, s, m or h, like 10s")),
        Arguments.of(
            "file-egress-path-is-a-file",
            List.of(
                "m/module.yaml:15:19: 'egresses[0].spec.path' names <root>/m/module.yaml, which is a file; the file egress writes part files into a directory: name a directory (it is created when missing)")),
        Arguments.of(
            "file-not-found",
            List.of(
                "m/module.yaml:8:19: 'ingresses[0].spec.path' is 'missing.txt', but <root>/m/missing.txt does not exist (relative paths resolve against the module directory)")),
        Arguments.of(
            "file-type-without-json",
            List.of(
                "m/module.yaml:10:13: 'ingresses[0].spec.type' only applies with 'format: json'")),
        Arguments.of(
            "file-unknown-format",
            List.of(
                "m/module.yaml:10:15: 'ingresses[0].spec.format' is 'jsn'; did you mean 'json'? Expected one of: text, json")),
        Arguments.of(
            "function-class-and-provider",
            List.of(
                "m/module.yaml:5:15: 'functions[0].provider' and 'class' exclude each other; give one of them")),
        Arguments.of(
            "function-class-not-a-function",
            List.of(
                "m/module.yaml:4:12: class 'java.lang.String' does not implement org.statefun.sdk.StatefulFunction")),
        Arguments.of(
            "function-class-not-found",
            List.of(
                "m/module.yaml:4:12: class 'org.example.Missing' is not found in module 'm' (its jars and the runtime)")),
        Arguments.of(
            "function-malformed-type",
            List.of(
                "m/module.yaml:3:11: 'functions[0].type' is 'echo', which is not 'namespace/name' (for example 'shop/cart')")),
        Arguments.of(
            "function-missing-type",
            List.of(
                "m/module.yaml:3:5: functions[0] is missing the required key 'type' (a function type 'namespace/name')")),
        Arguments.of(
            "function-unknown-key",
            List.of(
                "m/module.yaml:4:5: unknown key 'clas' in functions[0]; did you mean 'class'? Allowed keys: type, class, provider, on-error, dead-letter-egress")),
        Arguments.of(
            "function-without-no-arg-constructor",
            List.of(
                "m/module.yaml:4:12: class 'org.statefun.loader.fixtures.NeedsArgumentFunction' has no public no-argument constructor")),
        Arguments.of(
            "functions-not-a-list",
            List.of("m/module.yaml:3:3: 'functions' must be a list, got a map")),
        Arguments.of(
            "functions-that-cannot-be-created",
            List.of(
                "m/module.yaml:3:5: function type 'fixtures/echo': the constructor of class 'org.statefun.loader.fixtures.ThrowingConstructorFunction' failed: java.lang.IllegalArgumentException: no endpoint configured",
                "m/module.yaml:5:5: function type 'fixtures/nothing': the provider org.statefun.loader.fixtures.NullProvider returned null instead of a function",
                "m/module.yaml:7:5: function type 'fixtures/static-state': field org.statefun.loader.fixtures.StaticStateFunction#COUNT is static; persisted state must be an instance field, one per function object")),
        Arguments.of(
            "ingress-without-router",
            List.of(
                "m/module.yaml:9:5: ingress 'fixtures/more' has no router; add a routers: entry with 'ingress: fixtures/more' so its records reach functions")),
        Arguments.of(
            "invalid-yaml",
            List.of(
                "m/module.yaml:4:4: invalid YAML: expected <block end>, but found '<block mapping start>' (while parsing a block collection at line 3)")),
        Arguments.of(
            "list-item-not-a-map",
            List.of("m/module.yaml:3:5: 'functions[0]' must be a map, got a string")),
        Arguments.of(
            "malformed-ingress-id",
            List.of(
                "m/module.yaml:6:9: 'ingresses[0].id' is 'numbers', which is not 'namespace/name' (for example 'demo/names')")),
        Arguments.of(
            "missing-version",
            List.of(
                "m/module.yaml:1:1: the module is missing the required key 'version' (the format version, 1)")),
        Arguments.of(
            "on-error-dead-letter-without-egress",
            List.of(
                "m/module.yaml:5:15: 'functions[0].on-error' is 'dead-letter', which needs 'dead-letter-egress': the id 'namespace/name' of the egress that receives the dead letters",
                "m/module.yaml:9:25: 'functions[1].dead-letter-egress' only applies with 'on-error: dead-letter'")),
        Arguments.of(
            "on-error-unbound-dead-letter-egress",
            List.of(
                "m/module.yaml:6:25: 'functions[0].dead-letter-egress' names egress 'fixtures/deadletters', which no module binds; did you mean 'fixtures/dead-letters'? Bound egresses: fixtures/dead-letters",
                "m/module.yaml:10:25: 'functions[1].dead-letter-egress' is 'deadletters', which is not 'namespace/name' (for example 'demo/names')")),
        Arguments.of(
            "on-error-unknown",
            List.of(
                "m/module.yaml:5:15: 'functions[0].on-error' is 'skp'; did you mean 'skip'? Expected one of: fail, skip, dead-letter")),
        Arguments.of(
            "provider-not-a-provider",
            List.of(
                "m/module.yaml:4:15: class 'org.statefun.loader.fixtures.EchoFunction' does not implement org.statefun.sdk.StatefulFunctionProvider")),
        Arguments.of(
            "root-is-a-list",
            List.of(
                "m/module.yaml:1:1: a module.yaml must be a map starting with 'version: 1' (or StateFun's documents of 'kind' and 'spec'), got a list")),
        Arguments.of(
            "router-bad-id",
            List.of(
                "m/module.yaml:12:9: 'routers[0].id' is 'vaule'; did you mean 'value'? Expected value, key or value.<field>[.<field>…]")),
        Arguments.of(
            "router-class-wrong-record-type",
            List.of(
                "m/module.yaml:11:12: router class 'org.statefun.loader.fixtures.LongRouter' routes records of type java.lang.Long, but ingress 'fixtures/lines' produces java.lang.String")),
        Arguments.of(
            "router-key-without-keys",
            List.of(
                "m/module.yaml:12:9: 'routers[0].id' is 'key', but the records of ingress 'fixtures/numbers' (kind sequence) have no keys; use value or value.<field>")),
        Arguments.of(
            "router-target-and-class",
            List.of(
                "m/module.yaml:12:12: 'routers[0].class' and 'target' exclude each other; give one of them")),
        Arguments.of(
            "router-unknown-field",
            List.of(
                "m/module.yaml:15:9: 'routers[0].id' is 'value.costumer', but type org.statefun.loader.fixtures.Order has no record component, getter or public field 'costumer'; it has: id, customer")),
        Arguments.of(
            "router-unknown-ingress",
            List.of(
                "m/module.yaml:12:14: 'routers[1].ingress' names ingress 'fixtures/numbrs', which no module binds; did you mean 'fixtures/numbers'? Bound ingresses: fixtures/numbers")),
        Arguments.of(
            "router-unknown-target",
            List.of(
                "m/module.yaml:11:13: 'routers[0].target' names function type 'fixtures/eco', which no module binds; did you mean 'fixtures/echo'? Bound function types: fixtures/echo")),
        Arguments.of(
            "sequence-to-below-from",
            List.of("m/module.yaml:8:26: 'ingresses[0].spec.to' (3) must not be below 'from' (5)")),
        Arguments.of(
            "spec-missing-key",
            List.of(
                "m/module.yaml:9:7: ingresses[0].spec is missing the required key 'to' (a whole number)")),
        Arguments.of(
            "spec-not-a-map",
            List.of("m/module.yaml:8:11: 'ingresses[0].spec' must be a map, got a list")),
        Arguments.of(
            "spec-unknown-key",
            List.of(
                "m/module.yaml:8:13: unknown key 'pth' in ingresses[0].spec; did you mean 'path'? Allowed keys: path, format, type, watch")),
        Arguments.of(
            "spec-wrong-type",
            List.of(
                "m/module.yaml:9:13: 'ingresses[0].spec.from' must be a whole number, got a string")),
        Arguments.of(
            "static-initializer-throws",
            List.of(
                "m/module.yaml:4:12: class 'org.statefun.loader.fixtures.BrokenStaticInitFunction' cannot be initialized: its static initializer threw java.lang.NumberFormatException: For input string: \"lots\"",
                "m/module.yaml:6:12: class 'org.statefun.loader.fixtures.BrokenStaticInitFunction' cannot be initialized: its static initializer threw java.lang.NumberFormatException: For input string: \"lots\"",
                "m/module.yaml:8:15: class 'org.statefun.loader.fixtures.BrokenStaticInitProvider' cannot be initialized: its static initializer threw java.lang.IllegalStateException: config.properties is missing",
                "m/module.yaml:15:12: class 'org.statefun.loader.fixtures.BrokenStaticInitRouter' cannot be initialized: its static initializer threw java.lang.NullPointerException: Cannot invoke \"String.strip()\" because the return value of \"java.lang.System.getProperty(String)\" is null")),
        Arguments.of(
            "two-documents",
            List.of(
                "m/module.yaml:13:1: a second YAML document starts here; a module.yaml with 'version: 1' holds exactly one document")),
        Arguments.of(
            "unknown-egress-kind",
            List.of(
                "m/module.yaml:14:11: unknown egress kind 'kafka'; known egress kinds: file, print")),
        Arguments.of(
            "unknown-ingress-kind",
            List.of(
                "m/module.yaml:7:11: unknown ingress kind 'sequense'; did you mean 'sequence'? Known ingress kinds: file, sequence")),
        Arguments.of(
            "unknown-root-key",
            List.of(
                "m/module.yaml:5:1: unknown key 'ingress' at the top level; did you mean 'ingresses'? Allowed keys: version, module, functions, ingresses, routers, egresses, endpoints")),
        Arguments.of(
            "unset-environment-variable",
            List.of(
                "m/module.yaml:10:11: environment variable 'STATEFUN_TEST_UNSET_COUNT' is not set and has no default; set it, or write ${STATEFUN_TEST_UNSET_COUNT:-default}")),
        Arguments.of(
            "unsupported-version",
            List.of(
                "m/module.yaml:1:10: unsupported version 2; this runtime reads module.yaml version 1")),
        Arguments.of(
            "values-never-echoed",
            List.of(
                "m/module.yaml:8:26: 'ingresses[0].spec.to' must be a whole number, got a string",
                "m/module.yaml:15:21: unclosed '${' at character 15 of the value: write ${NAME} or ${NAME:-default}, or $${ for a literal ${",
                "m/module.yaml:18:21: malformed reference '${PASSWORD…}': expected ${NAME} or ${NAME:-default} with NAME made of letters, digits and '_'")),
        Arguments.of(
            "version-not-a-number",
            List.of("m/module.yaml:1:10: 'version' must be a whole number, got a string")),
        Arguments.of(
            "yaml-alias-as-key",
            List.of(
                "m/module.yaml:3:11: anchor '&t': YAML anchors (&name) and aliases (*name) are not supported in module.yaml; write the value out",
                "m/module.yaml:5:5: alias '*t': YAML anchors (&name) and aliases (*name) are not supported in module.yaml; write the value out")),
        Arguments.of(
            "yaml-anchors-and-aliases",
            List.of(
                "m/module.yaml:4:12: anchor '&cls': YAML anchors (&name) and aliases (*name) are not supported in module.yaml; write the value out",
                "m/module.yaml:6:12: alias '*cls': YAML anchors (&name) and aliases (*name) are not supported in module.yaml; write the value out",
                "m/module.yaml:10:11: anchor '&range': YAML anchors (&name) and aliases (*name) are not supported in module.yaml; write the value out",
                "m/module.yaml:17:21: alias '*pfx' (no anchor '&pfx' defines it): YAML anchors (&name) and aliases (*name) are not supported in module.yaml; write the value out")),
        Arguments.of(
            "yaml-merge-key",
            List.of(
                "m/module.yaml:3:5: anchor '&echo': YAML anchors (&name) and aliases (*name) are not supported in module.yaml; write the value out",
                "m/module.yaml:6:9: alias '*echo': YAML anchors (&name) and aliases (*name) are not supported in module.yaml; write the value out")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsExactly(String name, List<String> expected) {
    Path root = CASES.resolve(name);
    String absolute = root.toAbsolutePath().normalize() + "/";
    assertThatThrownBy(
            () -> new ModuleLoader(getClass().getClassLoader(), Map.of()).load(root, Map.of()))
        .isInstanceOfSatisfying(
            ModuleLoadException.class,
            e ->
                assertThat(
                        e.problems().stream()
                            .map(p -> p.describe(root).replace(absolute, "<root>/")))
                    .containsExactlyElementsOf(expected));
  }

  @Test
  void everyCaseDirectoryIsInTheTable() throws Exception {
    try (Stream<Path> directories = Files.list(CASES)) {
      assertThat(directories.map(d -> d.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(cases().map(a -> (String) a.get()[0]).toList());
    }
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(25);
  }
}
