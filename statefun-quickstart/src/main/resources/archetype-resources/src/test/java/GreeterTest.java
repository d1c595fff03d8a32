package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.statefun.sdk.Address;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.EgressIdentifier;

/** The router and the function as plain objects: persisted state lives in memory until bound. */
class GreeterTest {

  @Test
  void routerSendsEachNameToTheGreeterOfThatName() {
    List<String> forwarded = new ArrayList<>();
    NamesRouter router = new NamesRouter();
    for (String line : List.of("Alice", "  Bob ", "", "# a comment")) {
      router.route(line, (to, message) -> forwarded.add(to + " <- " + message));
    }
    assertEquals(
        List.of("${artifactId}/greeter/Alice <- Alice", "${artifactId}/greeter/Bob <- Bob"),
        forwarded);
  }

  @Test
  void greeterCountsTheVisitsOfEachName() {
    GreeterFn greeter = new GreeterFn();
    RecordingContext context = new RecordingContext("Alice");
    greeter.invoke(context, "Alice");
    greeter.invoke(context, "Alice");
    assertEquals(
        List.of("Hello Alice, this is visit #1", "Hello Alice, this is visit #2"), context.sent);
  }

  /** A context for one address that records what the function sends to egresses. */
  private static final class RecordingContext implements Context {
    private final Address self;
    final List<Object> sent = new ArrayList<>();

    RecordingContext(String id) {
      self = new Address(GreeterFn.TYPE, id);
    }

    @Override
    public Address self() {
      return self;
    }

    @Override
    public Address caller() {
      return null;
    }

    @Override
    public <T> void send(EgressIdentifier<T> egress, T message) {
      sent.add(message);
    }

    @Override
    public void send(Address to, Object message) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void send(FunctionType type, String id, Object message) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void reply(Object message) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void sendAfter(Duration delay, Address to, Object message) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void sendAfter(Duration delay, Address to, Object message, String cancellationToken) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void cancelDelayedMessage(String cancellationToken) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <M, T> void registerAsyncOperation(M metadata, CompletableFuture<T> future) {
      throw new UnsupportedOperationException();
    }
  }
}
