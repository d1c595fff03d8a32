package org.statefun.loader.yaml;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.Reader;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * Jackson's YAML factory whose parsers also tell the YAML event behind the current token. Jackson
 * reads an alias ({@code *name}) as the plain string {@code name} and drops the anchors ({@code
 * &name}) of scalars, so anchors and aliases can only be seen on the events themselves.
 */
final class EventYamlFactory extends YAMLFactory {

  private static final long serialVersionUID = 1L;

  /** A YAML parser that exposes the anchor or alias of the event it read last. */
  static final class EventParser extends YAMLParser {

    EventParser(
        IOContext context,
        int parserFeatures,
        int yamlFeatures,
        LoaderOptions options,
        ObjectCodec codec,
        Reader reader) {
      super(context, parserFeatures, yamlFeatures, options, codec, reader);
    }

    /** The anchor ({@code &name}) on the node of the current token, if any. */
    Optional<String> anchor() {
      Event event = _lastEvent;
      return event instanceof NodeEvent node && !(event instanceof AliasEvent)
          ? Optional.ofNullable(node.getAnchor())
          : Optional.empty();
    }

    /** The anchor named by the alias ({@code *name}) that is the current token, if it is one. */
    Optional<String> alias() {
      return _lastEvent instanceof AliasEvent alias
          ? Optional.of(alias.getAnchor())
          : Optional.empty();
    }

    /** The 1-based line and column where the current event starts, as {line, column}. */
    int[] eventStart() {
      Event event = _lastEvent;
      return event == null || event.getStartMark() == null
          ? new int[] {0, 0}
          : new int[] {event.getStartMark().getLine() + 1, event.getStartMark().getColumn() + 1};
    }
  }

  @Override
  protected YAMLParser _createParser(Reader reader, IOContext context) {
    return new EventParser(
        context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, reader);
  }
}
