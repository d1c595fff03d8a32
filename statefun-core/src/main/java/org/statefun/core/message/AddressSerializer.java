package org.statefun.core.message;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;

/**
 * Writes addresses as three strings. Reading interns function types, of which a job has few, so
 * deserialized addresses do not each carry their own copy.
 */
final class AddressSerializer {

  private final Map<String, Map<String, FunctionType>> types = new HashMap<>();

  void serialize(Address address, DataOutputView out) throws IOException {
    StringValue.writeString(address.type().namespace(), out);
    StringValue.writeString(address.type().name(), out);
    StringValue.writeString(address.id(), out);
  }

  Address deserialize(DataInputView in) throws IOException {
    String namespace = StringValue.readString(in);
    String name = StringValue.readString(in);
    FunctionType type =
        types
            .computeIfAbsent(namespace, ns -> new HashMap<>())
            .computeIfAbsent(name, n -> new FunctionType(namespace, n));
    return new Address(type, StringValue.readString(in));
  }
}
