package org.statefun.state.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;
import org.statefun.core.dispatch.DispatchStates;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.state.PersistedAppendingBuffer;
import org.statefun.sdk.state.PersistedTable;
import org.statefun.sdk.state.PersistedValue;

/**
 * Reads the functions operator's keyed state of a savepoint, one address id (the key) at a time,
 * through function objects bound as the runtime binds them. Emits {@code (json line, -1)} for each
 * state that holds something, then {@code (id, n)}: n delayed messages are pending under the id
 * ({@code (id, -2)} for an id the filter skips).
 */
final class StateReader extends KeyedStateReaderFunction<String, Tuple2<String, Long>> {
  private static final long serialVersionUID = 1L;

  /** The count of an id the filter skips. */
  static final long SKIPPED = -2;

  /** The count of a state line. */
  static final long STATE_LINE = -1;

  private final Map<FunctionType, StatefulFunctionProvider> providers;
  private final String idFilter;
  private final String stateFilter;

  private transient Map<FunctionType, Map<String, Object>> bound;
  private transient MapState<Long, Object> delayed;
  private transient ObjectMapper mapper;

  /**
   * @param providers the types to read
   * @param idFilter only this id, or null for all
   * @param stateFilter only states of this name, or null for all
   */
  StateReader(
      Map<FunctionType, StatefulFunctionProvider> providers, String idFilter, String stateFilter) {
    this.providers = providers;
    this.idFilter = idFilter;
    this.stateFilter = stateFilter;
  }

  @Override
  public void open(OpenContext context) {
    RuntimeContextStateStore store = new RuntimeContextStateStore(getRuntimeContext());
    bound = BoundFunctions.bind(providers, store);
    delayed = store.getMapState(DispatchStates.delayedMessages());
    mapper = StateJson.mapper();
  }

  @Override
  public void readKey(String id, Context context, Collector<Tuple2<String, Long>> out)
      throws Exception {
    if (idFilter != null && !idFilter.equals(id)) {
      // Every key emits something: the State Processor API's input format fails on a key
      // without output at the end of a split (a null record).
      out.collect(Tuple2.of(id, SKIPPED));
      return;
    }
    for (Map.Entry<FunctionType, Map<String, Object>> type : bound.entrySet()) {
      for (Map.Entry<String, Object> state : type.getValue().entrySet()) {
        if (stateFilter != null && !stateFilter.equals(state.getKey())) {
          continue;
        }
        read(type.getKey(), id, state.getKey(), state.getValue(), out);
      }
    }
    long pending = 0;
    for (Iterator<Long> it = delayed.keys().iterator(); it.hasNext(); it.next()) {
      pending++;
    }
    out.collect(Tuple2.of(id, pending));
  }

  private void read(
      FunctionType type, String id, String name, Object state, Collector<Tuple2<String, Long>> out)
      throws Exception {
    String field;
    JsonNode content;
    if (state instanceof PersistedValue<?> value) {
      Object v = value.get();
      if (v == null) {
        return;
      }
      field = DeclaredState.Kind.VALUE.field();
      content = mapper.valueToTree(v);
    } else if (state instanceof PersistedTable<?, ?> table) {
      content = StateJson.table(mapper, table.entries());
      if (content.isEmpty()) {
        return;
      }
      field = DeclaredState.Kind.TABLE.field();
    } else {
      content = StateJson.buffer(mapper, ((PersistedAppendingBuffer<?>) state).view());
      if (content.isEmpty()) {
        return;
      }
      field = DeclaredState.Kind.BUFFER.field();
    }
    out.collect(
        Tuple2.of(StateJson.line(mapper, type.toString(), id, name, field, content), STATE_LINE));
  }
}
