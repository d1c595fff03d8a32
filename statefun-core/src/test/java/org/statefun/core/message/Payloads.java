package org.statefun.core.message;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.statefun.core.termination.IngressEnd;

/** Payload types users send without registering anything. */
final class Payloads {
  private Payloads() {}

  record Point(int x, int y) {}

  record Line(Point from, Point to, String label) {}

  enum Color {
    RED,
    GREEN
  }

  /** No no-arg constructor, private final fields. */
  static final class Account {
    private final String owner;
    private final long balance;

    Account(String owner, long balance) {
      this.owner = Objects.requireNonNull(owner);
      this.balance = balance;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Account a && a.owner.equals(owner) && a.balance == balance;
    }

    @Override
    public int hashCode() {
      return Objects.hash(owner, balance);
    }

    @Override
    public String toString() {
      return "Account{" + owner + ", " + balance + '}';
    }
  }

  /** A mutable POJO with collection fields. */
  static final class Basket {
    List<String> items = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();

    static Basket of(String... items) {
      Basket basket = new Basket();
      for (String item : items) {
        basket.items.add(item);
        basket.counts.merge(item, 1, Integer::sum);
      }
      return basket;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Basket b && b.items.equals(items) && b.counts.equals(counts);
    }

    @Override
    public int hashCode() {
      return Objects.hash(items, counts);
    }

    @Override
    public String toString() {
      return "Basket{" + items + ", " + counts + '}';
    }
  }

  /** A record with a mutable component. */
  record Tagged(String name, List<String> tags) {}

  /** A POJO holding a record with a mutable component. */
  static final class Holder {
    Tagged tagged;

    Holder(Tagged tagged) {
      this.tagged = tagged;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Holder h && Objects.equals(h.tagged, tagged);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(tagged);
    }
  }

  /** A record holding immutable JDK collections, the most common shape of a message. */
  record Order(String id, List<String> items, Map<String, Integer> quantities) {}

  /** One payload of every kind the serializer must handle without registration. */
  static List<Object> all() {
    List<Object> payloads = new ArrayList<>();
    payloads.add("hello");
    payloads.add("");
    payloads.add("Grüße, 世界 🚀");
    payloads.add("x".repeat(100_000));
    payloads.add(Long.MIN_VALUE);
    payloads.add(Long.MAX_VALUE);
    payloads.add(-17);
    payloads.add(Integer.MAX_VALUE);
    payloads.add(Math.PI);
    payloads.add(Double.NaN);
    payloads.add(-0.0d);
    payloads.add(true);
    payloads.add(false);
    payloads.add(1.5f);
    payloads.add(Float.NEGATIVE_INFINITY);
    payloads.add((short) -300);
    payloads.add((byte) -7);
    payloads.add('ß');
    payloads.add(new Point(3, -4));
    payloads.add(new Line(new Point(1, 2), new Point(3, 4), "diagonal"));
    payloads.add(new Line(new Point(0, 0), null, null));
    payloads.add(new Account("alice", 42L));
    payloads.add(Basket.of("apple", "pear", "apple"));
    payloads.add(new Order("o-1", List.of("a", "b"), Map.of("a", 1, "b", 2)));
    payloads.add(new Tagged("t", new ArrayList<>(List.of("x", "y"))));
    payloads.add(new Holder(new Tagged("h", new ArrayList<>(List.of("z")))));
    payloads.add(Color.GREEN);
    payloads.add(new IngressEnd(2, 5, 8));
    return payloads;
  }
}
