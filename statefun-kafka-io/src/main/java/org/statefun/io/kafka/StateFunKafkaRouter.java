package org.statefun.io.kafka;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.TypedValue;
import org.statefun.sdk.io.Router;

/**
 * The router of an {@code io.statefun.kafka.v1/ingress}: sends each record's value, as a {@link
 * TypedValue} of its topic's value type, to every target function type of its topic, under the id
 * that the record's key holds (as StateFun's {@code AutoRoutableProtobufRouter} does).
 */
final class StateFunKafkaRouter implements Router<KafkaIngressRecord> {

  private static final long serialVersionUID = 1L;

  /**
   * Where the records of one topic go.
   *
   * @param valueType the type name of the values, {@code namespace/name}
   * @param targets the function types each record goes to
   */
  record Route(String valueType, List<FunctionType> targets) implements Serializable {
    private static final long serialVersionUID = 1L;

    Route {
      Objects.requireNonNull(valueType, "valueType");
      targets = List.copyOf(targets);
    }
  }

  private final String ingress;
  private final Map<String, Route> routes;

  /**
   * @param ingress the ingress id, for messages
   * @param routes the route of each topic
   */
  StateFunKafkaRouter(String ingress, Map<String, Route> routes) {
    this.ingress = ingress;
    this.routes = Map.copyOf(routes);
  }

  /** The route of each topic. */
  Map<String, Route> routes() {
    return routes;
  }

  @Override
  public void route(KafkaIngressRecord record, Downstream downstream) {
    Route route = routes.get(record.topic());
    if (route == null) {
      // The ingress reads exactly the topics it has routes for.
      throw new IllegalStateException(
          "Ingress "
              + ingress
              + " read a record of topic '"
              + record.topic()
              + "', which none of its topics entries names; it routes topics "
              + routes.keySet().stream().sorted().toList());
    }
    // The key is present: the ingress reads keys with KeyFormat.REQUIRED_TEXT.
    TypedValue value = new TypedValue(route.valueType(), (byte[]) record.value());
    for (FunctionType target : route.targets()) {
      downstream.forward(target, record.key(), value);
    }
  }

  @Override
  public String toString() {
    return "StateFun Kafka routes of " + ingress + " " + routes;
  }
}
