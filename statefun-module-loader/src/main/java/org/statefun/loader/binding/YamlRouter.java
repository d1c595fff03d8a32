package org.statefun.loader.binding;

import java.util.Objects;
import org.statefun.loader.spi.RecordView;
import org.statefun.loader.yaml.RecordId;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.Router;

/**
 * The router of a module.yaml {@code routers:} entry with a {@code target}: forwards each record's
 * value to the target function type, at the id read from the record as {@link RecordId} says.
 *
 * @param ingress the routed ingress, for messages
 * @param target the function type receiving the records
 * @param id which part of the record is the target id
 * @param view how records split into key and value
 * @param <T> the record type
 */
public record YamlRouter<T>(
    IngressIdentifier<T> ingress, FunctionType target, RecordId id, RecordView<T> view)
    implements Router<T> {

  private static final long serialVersionUID = 1L;

  public YamlRouter {
    Objects.requireNonNull(ingress, "ingress");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(view, "view");
  }

  @Override
  public void route(T record, Downstream downstream) {
    Object value = view.value(record);
    downstream.forward(target, targetId(record, value), value);
  }

  private String targetId(T record, Object value) {
    Object current = id.source() == RecordId.Source.KEY ? view.key(record) : value;
    for (String field : id.fields()) {
      if (current == null) {
        break;
      }
      try {
        current = FieldPath.read(current, field);
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException(
            "Cannot read id '" + id + "' of a record of ingress " + ingress + ": " + e.getMessage(),
            e);
      }
    }
    if (current == null) {
      throw new IllegalArgumentException(
          "The id '" + id + "' of a record of ingress " + ingress + " is null; record: " + value);
    }
    return current.toString();
  }
}
