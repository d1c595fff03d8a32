package org.statefun.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.statefun.core.state.Holders.BufferHolder;
import org.statefun.core.state.Holders.TableHolder;
import org.statefun.core.state.Holders.ValueHolder;
import org.statefun.core.state.StateHarness.Backend;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;

/**
 * A state value that cannot be serialized fails where it is written, on either backend, naming the
 * function type, the state, the value's class and the failing field; one that slips past the
 * per-class check still fails named when a checkpoint serializes it.
 */
class UnserializableStateTest {
  static final FunctionType TYPE = new FunctionType("test", "unserializable");

  /** A lambda inside: Kryo writes its class name, which cannot be loaded back. */
  record Callback(String name, Runnable action) {}

  /** A socket inside: not data; Kryo cannot even look at its fields. */
  record Connection(String host, Socket socket) {}

  /** Anything inside: the per-class check sees only the first payload's class. */
  record Envelope(Object payload) {}

  private static final String LAMBDA_CLASS =
      Pattern.quote("org.statefun.core.state.UnserializableStateTest$$Lambda") + "[^ ]+";
  private static final String NOT_OPEN =
      Pattern.quote(
              "java.lang.reflect.InaccessibleObjectException: Unable to make field private boolean"
                  + " java.net.Socket.created accessible: module java.base does not \"opens"
                  + " java.net\" to unnamed module @")
          + "[0-9a-f]+"
          + Pattern.quote(" (a JDK class that is not data, such as a thread, stream or socket)");

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aLambdaInAValueFailsTheWriteNamingStateClassAndField(Backend backend) throws Exception {
    try (StateHarness harness = open(backend, new ValueHolder("callback", Callback.class))) {
      assertThatThrownBy(() -> harness.apply("k", setValue(new Callback("ping", () -> {}))))
          .isExactlyInstanceOf(StateAccessException.class)
          .hasMessageMatching(
              Pattern.quote(
                      "Function type test/unserializable, state 'callback': a value of class"
                          + " org.statefun.core.state.UnserializableStateTest$Callback cannot be"
                          + " serialized: field 'action': Unable to find class: ")
                  + LAMBDA_CLASS
                  + Pattern.quote(" (lambdas cannot be serialized; use a record or a class)"));
      assertThat(harness.apply("k", f -> ((ValueHolder) f).value.get())).isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aSocketInATableValueFailsTheWriteNamingStateClassAndField(Backend backend) throws Exception {
    try (StateHarness harness =
        open(backend, new TableHolder("links", String.class, Connection.class))) {
      Connection connection = new Connection("db", new Socket());
      assertThatThrownBy(
              () ->
                  harness.apply(
                      "k",
                      f -> {
                        ((TableHolder) f).table.set("primary", connection);
                        return null;
                      }))
          .isExactlyInstanceOf(StateAccessException.class)
          .hasMessageMatching(
              Pattern.quote(
                      "Function type test/unserializable, state 'links': a value of class"
                          + " org.statefun.core.state.UnserializableStateTest$Connection cannot be"
                          + " serialized: field 'socket': ")
                  + NOT_OPEN);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anUnserializableBufferElementFailsTheAppend(Backend backend) throws Exception {
    try (StateHarness harness = open(backend, new BufferHolder("pending", Envelope.class))) {
      assertThatThrownBy(
              () ->
                  harness.apply(
                      "k",
                      f -> {
                        ((BufferHolder) f).buffer.appendAll(List.of(new Envelope(new Socket())));
                        return null;
                      }))
          .isExactlyInstanceOf(StateAccessException.class)
          .hasMessageMatching(
              Pattern.quote(
                      "Function type test/unserializable, state 'pending': an element of class"
                          + " org.statefun.core.state.UnserializableStateTest$Envelope cannot be"
                          + " serialized: field 'payload': ")
                  + NOT_OPEN);
    }
  }

  /**
   * The first Envelope holds text and passes the check; a later one holds a socket. The heap
   * backend keeps objects, so it only serializes at the checkpoint, which fails naming the state.
   */
  @Test
  void aValuePastTheCheckFailsTheHeapCheckpointNamingStateClassAndField() throws Exception {
    try (StateHarness harness =
        open(Backend.HASHMAP, new ValueHolder("envelope", Envelope.class))) {
      harness.apply("a", setValue(new Envelope("text")));
      harness.apply("b", setValue(new Envelope(new Socket())));

      assertThatThrownBy(harness::checkpoint)
          .satisfies(
              e ->
                  assertThat(ExceptionUtils.findThrowable(e, StateAccessException.class))
                      .hasValueSatisfying(
                          named ->
                              assertThat(named.getMessage())
                                  .matches(
                                      Pattern.quote(
                                              "Function type test/unserializable, state 'envelope':"
                                                  + " a value of class"
                                                  + " org.statefun.core.state.UnserializableStateTest$Envelope"
                                                  + " cannot be serialized: field 'payload': ")
                                          + NOT_OPEN)));
    }
  }

  /** On RocksDB every write serializes: a value past the check fails at its own write, named. */
  @Test
  void aValuePastTheCheckFailsItsRocksDbWriteNamingStateClassAndField() throws Exception {
    try (StateHarness harness =
        open(Backend.ROCKSDB, new ValueHolder("envelope", Envelope.class))) {
      harness.apply("a", setValue(new Envelope("text")));

      assertThatThrownBy(() -> harness.apply("b", setValue(new Envelope(new Socket()))))
          .isExactlyInstanceOf(StateAccessException.class)
          .hasMessageMatching(
              Pattern.quote(
                      "Function type test/unserializable, state 'envelope': a value of class"
                          + " org.statefun.core.state.UnserializableStateTest$Envelope cannot be"
                          + " serialized: field 'payload': ")
                  + NOT_OPEN);
    }
  }

  /** A lambda past the check is written by RocksDB (as a class name) and fails when read, named. */
  @Test
  void aLambdaPastTheCheckFailsItsRocksDbReadNamingStateClassAndField() throws Exception {
    try (StateHarness harness =
        open(Backend.ROCKSDB, new ValueHolder("envelope", Envelope.class))) {
      harness.apply("a", setValue(new Envelope("text")));
      harness.apply("b", setValue(new Envelope((Runnable) () -> {})));

      assertThatThrownBy(() -> harness.apply("b", f -> ((ValueHolder) f).value.get()))
          .isExactlyInstanceOf(StateAccessException.class)
          .hasMessageMatching(
              Pattern.quote(
                      "Function type test/unserializable, state 'envelope': a stored value of class"
                          + " org.statefun.core.state.UnserializableStateTest$Envelope cannot be"
                          + " read: field 'payload': Unable to find class: ")
                  + LAMBDA_CLASS
                  + Pattern.quote(" (lambdas cannot be serialized; use a record or a class)"));
    }
  }

  private static StateHarness open(Backend backend, StatefulFunction function) throws Exception {
    return StateHarness.open(
        backend, UnserializableStateTest.class.getClassLoader(), TYPE, function, null);
  }

  private static Function<StatefulFunction, Object> setValue(Object value) {
    return f -> {
      ((ValueHolder) f).value.set(value);
      return null;
    };
  }
}
