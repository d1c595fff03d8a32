package org.statefun.loader.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statefun.loader.spi.RecordView;
import org.statefun.loader.yaml.RecordId;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.Router;

class YamlRouterTest {

  public record Customer(String name) {}

  public record Order(String id, Customer customer) {}

  /** A bean with a getter and a public field. */
  public static final class Bean {
    public final String region = "eu";

    public int getShard() {
      return 7;
    }
  }

  private static final FunctionType TARGET = new FunctionType("t", "f");

  private static <T> List<String> route(Class<T> type, String id, T record) {
    List<String> sent = new ArrayList<>();
    Router.Downstream downstream =
        (Address to, Object message) -> sent.add(to.id() + "<-" + message);
    new YamlRouter<>(
            new IngressIdentifier<>(type, "t", "in"),
            TARGET,
            RecordId.parse(id).orElseThrow(),
            RecordView.<T>identity())
        .route(record, downstream);
    return sent;
  }

  @Test
  void readsIdsFromValuesComponentsGettersFieldsMapsAndJson() throws Exception {
    Order order = new Order("o1", new Customer("ann"));
    assertThat(route(String.class, "value", "bob")).containsExactly("bob<-bob");
    assertThat(route(Order.class, "value.customer.name", order)).containsExactly("ann<-" + order);
    assertThat(route(Bean.class, "value.shard", new Bean()))
        .hasSize(1)
        .allMatch(s -> s.startsWith("7<-"));
    assertThat(route(Bean.class, "value.region", new Bean()))
        .hasSize(1)
        .allMatch(s -> s.startsWith("eu<-"));
    Map<String, Object> map = Map.of("user", Map.of("id", 42));
    assertThat(route(Map.class, "value.user.id", map)).containsExactly("42<-" + map);
    Object json = new ObjectMapper().readTree("{\"a\":{\"b\":\"x\"}}");
    assertThat(route(Object.class, "value.a.b", json)).containsExactly("x<-" + json);
  }

  @Test
  void aMissingIdFailsWithTheRecord() {
    assertThatThrownBy(() -> route(Map.class, "value.user", Map.of("name", "x")))
        .hasMessage("The id 'value.user' of a record of ingress t/in is null; record: {name=x}");
    assertThatThrownBy(() -> route(Order.class, "value.nope", new Order("o", null)))
        .hasMessageStartingWith("Cannot read id 'value.nope' of a record of ingress t/in: ")
        .hasMessageContaining("has no record component, getter or public field 'nope'");
  }

  @Test
  void checksFieldPathsAgainstKnownTypes() {
    assertThat(FieldPath.check(Order.class, List.of("customer", "name"))).isEmpty();
    assertThat(FieldPath.check(Order.class, List.of("customer", "nmae")))
        .contains(
            "type "
                + Customer.class.getName()
                + " has no record component, getter or public field 'nmae'; it has: name");
    assertThat(FieldPath.check(Map.class, List.of("anything", "goes"))).isEmpty();
    assertThat(FieldPath.check(Bean.class, List.of("shard", "deeper"))).isEmpty();
  }
}
