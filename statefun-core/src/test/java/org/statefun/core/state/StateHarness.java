package org.statefun.core.state;

import java.util.function.Function;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;

/**
 * One function object's persisted state on a real Flink keyed state backend, driven through Flink's
 * operator test harness: bind it (as the dispatcher does when it opens), act on it per key,
 * snapshot it, and restore the snapshot into another function object, possibly of other classes
 * loaded by another user-code class loader.
 */
final class StateHarness implements AutoCloseable {

  /** The keyed state backends statefun supports. */
  enum Backend {
    HASHMAP,
    ROCKSDB;

    StateBackend create() {
      return this == HASHMAP ? new HashMapStateBackend() : new EmbeddedRocksDBStateBackend();
    }
  }

  /** An action on the function object for one key; its result is returned to the test. */
  record Step(String key, Function<StatefulFunction, Object> action) {}

  private final KeyedOneInputStreamOperatorTestHarness<String, Step, Object> harness;
  private final BindingOperator operator;
  private long checkpointId;

  private StateHarness(
      KeyedOneInputStreamOperatorTestHarness<String, Step, Object> harness,
      BindingOperator operator) {
    this.harness = harness;
    this.operator = operator;
  }

  /**
   * Binds {@code function}'s state as function type {@code type} on {@code backend}, restoring
   * {@code snapshot} when it is not null, with {@code userCode} as the job's class loader.
   */
  static StateHarness open(
      Backend backend,
      ClassLoader userCode,
      FunctionType type,
      StatefulFunction function,
      OperatorSubtaskState snapshot)
      throws Exception {
    MockEnvironment environment =
        new MockEnvironmentBuilder()
            .setUserCodeClassLoader(userCode)
            .setMaxParallelism(128)
            .build();
    BindingOperator operator = new BindingOperator(type, function);
    KeyedOneInputStreamOperatorTestHarness<String, Step, Object> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            operator, Step::key, Types.STRING, environment);
    harness.setStateBackend(backend.create());
    try {
      harness.setup();
      harness.initializeState(snapshot);
      harness.open();
    } catch (Exception | Error e) {
      harness.close();
      throw e;
    }
    return new StateHarness(harness, operator);
  }

  /** Runs {@code action} with the state pointing at {@code key}; returns its result. */
  Object apply(String key, Function<StatefulFunction, Object> action) throws Exception {
    harness.processElement(new StreamRecord<>(new Step(key, action)));
    return operator.lastResult;
  }

  /** A canonical savepoint, as a user takes before changing a class. */
  OperatorSubtaskState savepoint() throws Exception {
    checkpointId++;
    return harness
        .snapshotWithLocalState(
            checkpointId, checkpointId, SavepointType.savepoint(SavepointFormatType.CANONICAL))
        .getJobManagerOwnedState();
  }

  /** A checkpoint, as the job takes periodically. */
  OperatorSubtaskState checkpoint() throws Exception {
    checkpointId++;
    return harness.snapshot(checkpointId, checkpointId);
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }

  /** Binds the function's state when it opens, as the dispatcher does, and runs steps. */
  private static final class BindingOperator extends AbstractStreamOperator<Object>
      implements OneInputStreamOperator<Step, Object> {
    private final FunctionType type;
    private final transient StatefulFunction function;
    private transient Object lastResult;

    BindingOperator(FunctionType type, StatefulFunction function) {
      this.type = type;
      this.function = function;
    }

    @Override
    public void open() throws Exception {
      super.open();
      new FlinkStateBinder(getKeyedStateStore()).bind(type, function);
    }

    @Override
    public void processElement(StreamRecord<Step> element) {
      lastResult = element.getValue().action().apply(function);
    }
  }
}
