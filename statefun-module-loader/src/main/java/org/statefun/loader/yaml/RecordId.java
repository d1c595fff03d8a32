package org.statefun.loader.yaml;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * Which part of an ingress record becomes the target id of a YAML router: {@code value}, {@code
 * key}, or {@code value.<field>[.<field>…]}.
 *
 * @param source whether the id comes from the record's value or its key
 * @param fields the field path below the value; empty for the whole value or the key
 */
public record RecordId(Source source, List<String> fields) implements Serializable {

  /** Where the id comes from. */
  public enum Source {
    VALUE,
    KEY
  }

  public RecordId {
    fields = List.copyOf(fields);
  }

  /** Parses {@code value}, {@code key} or {@code value.a.b}; empty when malformed. */
  public static Optional<RecordId> parse(String text) {
    if (text.equals("key")) {
      return Optional.of(new RecordId(Source.KEY, List.of()));
    }
    if (text.equals("value")) {
      return Optional.of(new RecordId(Source.VALUE, List.of()));
    }
    if (!text.startsWith("value.")) {
      return Optional.empty();
    }
    List<String> fields = List.of(text.substring("value.".length()).split("\\.", -1));
    boolean valid = fields.stream().allMatch(f -> f.matches("[A-Za-z_$][A-Za-z0-9_$-]*"));
    return valid ? Optional.of(new RecordId(Source.VALUE, fields)) : Optional.empty();
  }

  @Override
  public String toString() {
    if (source == Source.KEY) {
      return "key";
    }
    return fields.isEmpty() ? "value" : "value." + String.join(".", fields);
  }
}
