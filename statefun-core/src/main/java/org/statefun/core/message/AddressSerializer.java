package org.statefun.core.message;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;

/**
 * Writes addresses as a function type and an id. The type is its number in the {@link
 * FunctionTypeTable} (a varint, 1-based) or 0 followed by namespace and name. Types read by name
 * are interned, so deserialized addresses do not each carry their own copy.
 */
final class AddressSerializer {

  private final FunctionTypeTable table;
  private final FastStrings strings = new FastStrings();
  private final Map<String, Map<String, FunctionType>> byName = new HashMap<>();

  AddressSerializer(FunctionTypeTable table) {
    this.table = table;
  }

  void serialize(Address address, DataOutputView out) throws IOException {
    FunctionType type = address.type();
    int index = table.indexOf(type);
    writeVarInt(index + 1, out);
    if (index < 0) {
      strings.write(type.namespace(), out);
      strings.write(type.name(), out);
    }
    strings.write(address.id(), out);
  }

  Address deserialize(DataInputView in) throws IOException {
    int code = readVarInt(in);
    FunctionType type;
    if (code > 0) {
      type = table.get(code - 1);
    } else {
      String namespace = strings.read(in);
      String name = strings.read(in);
      type =
          byName
              .computeIfAbsent(namespace, ns -> new HashMap<>())
              .computeIfAbsent(name, n -> new FunctionType(namespace, n));
    }
    return new Address(type, strings.read(in));
  }

  private static void writeVarInt(int value, DataOutputView out) throws IOException {
    while ((value & ~0x7F) != 0) {
      out.writeByte((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }

  private static int readVarInt(DataInputView in) throws IOException {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.readByte();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
      if (shift > 28) {
        throw new IOException("Corrupt envelope: function type number too long");
      }
    }
  }
}
