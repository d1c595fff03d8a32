package org.statefun.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.util.ResourceGuard;
import org.junit.jupiter.api.Test;

/**
 * Flink's clean-up of a failing task closes a checkpoint's stream and waits for its leases; the
 * head's lease must not keep it waiting forever.
 */
class LeaseReleaserTest {

  @Test
  void theLeaseOfAFailingTaskIsReleasedSoClosingTheStreamReturns() throws Exception {
    ResourceGuard stream = new ResourceGuard();
    ResourceGuard.Lease lease = stream.acquireResource();
    AtomicBoolean failing = new AtomicBoolean();
    LeaseReleaser.watch(lease, failing::get);
    CompletableFuture<Void> closed =
        CompletableFuture.runAsync(
            () -> {
              try {
                stream.closeInterruptibly();
              } catch (InterruptedException e) {
                throw new CompletionException(e);
              }
            });
    assertThatThrownBy(() -> closed.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class); // the lease holds it, as the head's does
    failing.set(true);
    closed.get(30, TimeUnit.SECONDS);
    assertThat(stream.isClosed()).isTrue();
    lease.close(); // the head's own release afterwards is harmless
  }
}
