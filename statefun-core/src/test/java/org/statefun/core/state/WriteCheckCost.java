package org.statefun.core.state;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.statefun.core.state.StateId.Role;
import org.statefun.sdk.FunctionType;

/**
 * Prints what the state write path costs: the per-class check once a class was seen (a hash
 * lookup), the one-time round trip of a class's first value, and the length prefix the state
 * serializer adds to each serialized value (the cost on RocksDB, which serializes every write). Not
 * a test: run its {@code main} by hand; figures are rough on a shared machine.
 */
public final class WriteCheckCost {
  private WriteCheckCost() {}

  /** A typical small state value. */
  public record Profile(String name, int level, long updatedAt) {}

  private static final int ROUNDS = 5;
  private static final int OPERATIONS = 20_000_000;
  private static long sink;

  public static void main(String[] args) throws IOException {
    StateId id = new StateId(new FunctionType("bench", "profiles"), "profile", Role.VALUE);
    @SuppressWarnings("unchecked")
    StateSerializer<Profile> wrapped =
        (StateSerializer<Profile>)
            StateTypeInfo.of(id, Profile.class).createSerializer(new SerializerConfigImpl());
    TypeSerializer<Profile> flinks =
        TypeInformation.of(Profile.class).createSerializer(new SerializerConfigImpl());
    Profile[] values = new Profile[1024];
    for (int i = 0; i < values.length; i++) {
      values[i] = new Profile("user-" + i, i, 1_700_000_000_000L + i);
    }

    WriteCheck<Profile> check = WriteCheck.of(wrapped);
    check.check(values[0]); // the class's first value: the round trip
    for (int round = 1; round <= ROUNDS; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < OPERATIONS; i++) {
        check.check(values[i & 1023]);
      }
      print("check of a seen class", round, start, OPERATIONS);
    }

    int firsts = 200_000;
    for (int round = 1; round <= ROUNDS; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < firsts; i++) {
        wrapped.checkRoundTrip(values[i & 1023]);
      }
      print(
          "round trip of a class's first value (once per class, state, subtask)",
          round,
          start,
          firsts);
    }

    int writes = 5_000_000;
    DataOutputSerializer out = new DataOutputSerializer(256);
    for (int round = 1; round <= ROUNDS; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < writes; i++) {
        out.clear();
        flinks.serialize(values[i & 1023], out);
        sink += out.length();
      }
      print("serialize, Flink's POJO serializer", round, start, writes);
      start = System.nanoTime();
      for (int i = 0; i < writes; i++) {
        out.clear();
        wrapped.serialize(values[i & 1023], out);
        sink += out.length();
      }
      print("serialize, state serializer (+ length prefix)", round, start, writes);
    }
    System.out.println("(ignore: " + sink + ")");
  }

  private static void print(String what, int round, long start, int operations) {
    double nanos = (System.nanoTime() - start) / (double) operations;
    System.out.printf("round %d  %-72s %8.1f ns/op%n", round, what, nanos);
  }
}
