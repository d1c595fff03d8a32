package org.statefun.loader.yaml;

/** A node of a parsed YAML document that remembers where it was written. */
public sealed interface YamlNode permits YamlMap, YamlList, YamlScalar {

  /** Where the node starts. */
  Location location();

  /** How the node is named in error messages: "a map", "the number 5", … */
  String describe();
}
