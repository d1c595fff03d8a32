package org.statefun.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.statefun.sdk.AsyncOperationResult.Status;

class AsyncOperationResultTest {

  @Test
  void success() {
    var result = new AsyncOperationResult<>("meta", Status.SUCCESS, 42, null);
    assertThat(result.metadata()).isEqualTo("meta");
    assertThat(result.status()).isEqualTo(Status.SUCCESS);
    assertThat(result.successful()).isTrue();
    assertThat(result.failure()).isFalse();
    assertThat(result.unknown()).isFalse();
    assertThat(result.value()).isEqualTo(42);
    assertThatThrownBy(result::throwable)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No throwable: the async operation's status is SUCCESS");
    assertThat(result).hasToString("AsyncOperationResult{SUCCESS, metadata=meta}");
  }

  @Test
  void successWithNullValue() {
    var result = new AsyncOperationResult<String, Object>("m", Status.SUCCESS, null, null);
    assertThat(result.value()).isNull();
  }

  @Test
  void failure() {
    RuntimeException cause = new RuntimeException("boom");
    var result = new AsyncOperationResult<>(7, Status.FAILURE, null, cause);
    assertThat(result.metadata()).isEqualTo(7);
    assertThat(result.successful()).isFalse();
    assertThat(result.failure()).isTrue();
    assertThat(result.unknown()).isFalse();
    assertThat(result.throwable()).isSameAs(cause);
    assertThatThrownBy(result::value)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No value: the async operation's status is FAILURE");
  }

  @Test
  void unknown() {
    var result = new AsyncOperationResult<>("m", Status.UNKNOWN, null, null);
    assertThat(result.successful()).isFalse();
    assertThat(result.failure()).isFalse();
    assertThat(result.unknown()).isTrue();
    assertThatThrownBy(result::value)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No value: the async operation's status is UNKNOWN");
    assertThatThrownBy(result::throwable)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No throwable: the async operation's status is UNKNOWN");
  }

  @Test
  void requiresAStatus() {
    assertThatThrownBy(() -> new AsyncOperationResult<>("m", null, 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("status");
  }
}
