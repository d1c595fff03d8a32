package org.statefun.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact multiset comparison in linear time (AssertJ's containsExactlyInAnyOrder is quadratic). On a
 * mismatch it reports only the differences: what is missing and what is extra, with counts.
 */
public final class Multisets {
  private Multisets() {}

  public static <T> void assertSameElements(Collection<T> actual, Collection<T> expected) {
    Map<T, Integer> balance = new HashMap<>();
    expected.forEach(e -> balance.merge(e, 1, Integer::sum));
    actual.forEach(a -> balance.merge(a, -1, Integer::sum));
    Map<String, Integer> missing = new TreeMap<>();
    Map<String, Integer> extra = new TreeMap<>();
    balance.forEach(
        (element, count) -> {
          if (count > 0) {
            missing.put(String.valueOf(element), count);
          } else if (count < 0) {
            extra.put(String.valueOf(element), -count);
          }
        });
    assertThat(limit(missing))
        .as(
            "missing elements (element=times) among %d actual vs %d expected",
            actual.size(), expected.size())
        .isEmpty();
    assertThat(limit(extra)).as("unexpected extra elements (element=times)").isEmpty();
  }

  private static Map<String, Integer> limit(Map<String, Integer> map) {
    Map<String, Integer> limited = new TreeMap<>();
    map.entrySet().stream().limit(20).forEach(e -> limited.put(e.getKey(), e.getValue()));
    if (map.size() > 20) {
      limited.put("... and " + (map.size() - 20) + " more distinct elements", 0);
    }
    return limited;
  }
}
