package org.statefun.io.kafka;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The topics a Kafka ingress reads: a list of names, or every topic matching a pattern. */
public sealed interface KafkaTopics extends Serializable {

  /** Exactly these topics; each must exist when the job starts. */
  static KafkaTopics names(List<String> names) {
    return new Names(names);
  }

  /**
   * Every topic whose whole name matches the Java regular expression {@code regex}, also ones
   * created later.
   */
  static KafkaTopics pattern(String regex) {
    return new Matching(regex);
  }

  /**
   * A list of topic names.
   *
   * @param names the topics, at least one
   */
  record Names(List<String> names) implements KafkaTopics {
    public Names {
      names = List.copyOf(names);
      if (names.isEmpty()) {
        throw new IllegalArgumentException("A Kafka ingress needs at least one topic");
      }
      for (String name : names) {
        if (name.isBlank()) {
          throw new IllegalArgumentException("A topic name must not be blank");
        }
      }
    }

    @Override
    public String toString() {
      return String.join(", ", names);
    }
  }

  /**
   * Topics matching a regular expression.
   *
   * @param regex a Java regular expression matched against whole topic names
   */
  record Matching(String regex) implements KafkaTopics {
    public Matching {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "The topic pattern '"
                + regex
                + "' is not a valid regular expression: "
                + e.getDescription(),
            e);
      }
    }

    @Override
    public String toString() {
      return "topics matching " + regex;
    }
  }
}
