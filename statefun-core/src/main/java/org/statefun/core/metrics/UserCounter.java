package org.statefun.core.metrics;

import org.statefun.sdk.metrics.Counter;

/**
 * A user counter: the SDK's {@link Counter} and Flink's, one plain field (like Flink's {@code
 * SimpleCounter}), updated on the task thread and read by reporters.
 */
public final class UserCounter implements Counter, org.apache.flink.metrics.Counter {

  private long count;

  @Override
  public void inc() {
    count++;
  }

  @Override
  public void inc(long n) {
    count += n;
  }

  @Override
  public void dec() {
    count--;
  }

  @Override
  public void dec(long n) {
    count -= n;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public long getCount() {
    return count;
  }
}
