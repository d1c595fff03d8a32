package org.statefun.state.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.state.PersistedAppendingBuffer;
import org.statefun.sdk.state.PersistedTable;
import org.statefun.sdk.state.PersistedValue;

/**
 * Writes the functions operator's keyed state of a new savepoint: each checked input line (keyed by
 * its id) is set through a function object bound as the runtime binds it, so the savepoint holds
 * exactly the states, serializers and TTL settings a running job reads.
 */
final class StateWriter extends KeyedStateBootstrapFunction<String, Tuple2<String, String>> {
  private static final long serialVersionUID = 1L;

  private final Map<FunctionType, StatefulFunctionProvider> providers;

  private transient Map<FunctionType, Map<String, Object>> bound;
  private transient ObjectMapper mapper;

  StateWriter(Map<FunctionType, StatefulFunctionProvider> providers) {
    this.providers = providers;
  }

  /** Keys an input line by its id. */
  static final class ById implements KeySelector<Tuple2<String, String>, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Tuple2<String, String> entry) {
      return entry.f0;
    }
  }

  @Override
  public void open(OpenContext context) {
    bound = BoundFunctions.bind(providers, new RuntimeContextStateStore(getRuntimeContext()));
    mapper = StateJson.mapper();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void processElement(Tuple2<String, String> entry, Context context) throws Exception {
    JsonNode line = mapper.readTree(entry.f1);
    String typeName = line.get("type").asText();
    int slash = typeName.indexOf('/');
    FunctionType type =
        new FunctionType(typeName.substring(0, slash), typeName.substring(slash + 1));
    Object state = bound.get(type).get(line.get("state").asText());
    DeclaredState declared = DeclaredState.of(state);
    Object value = BootstrapInput.decode(mapper, declared, line.get(declared.kind().field()));
    if (state instanceof PersistedValue v) {
      v.set(value);
    } else if (state instanceof PersistedTable t) {
      ((Map<Object, Object>) value).forEach(t::set);
    } else {
      ((PersistedAppendingBuffer) state).appendAll((List<Object>) value);
    }
  }
}
