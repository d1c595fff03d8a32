package org.statefun.sdk.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.statefun.sdk.state.Expiration.Mode;

class ExpirationTest {

  @Test
  void none() {
    assertThat(Expiration.none()).isEqualTo(new Expiration(Mode.NONE, Duration.ZERO));
  }

  @Test
  void afterWritingAndAfterReadingOrWriting() {
    assertThat(Expiration.expireAfterWriting(Duration.ofSeconds(5)))
        .isEqualTo(new Expiration(Mode.AFTER_WRITE, Duration.ofSeconds(5)));
    assertThat(Expiration.expireAfterReadingOrWriting(Duration.ofMillis(1)))
        .isEqualTo(new Expiration(Mode.AFTER_READ_OR_WRITE, Duration.ofMillis(1)));
  }

  @Test
  void durationMustBePositive() {
    assertThatThrownBy(() -> Expiration.expireAfterWriting(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expiration duration must be positive, got PT0S");
    assertThatThrownBy(() -> Expiration.expireAfterReadingOrWriting(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expiration duration must be positive, got PT-1S");
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> Expiration.expireAfterWriting(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("duration");
    assertThatThrownBy(() -> new Expiration(null, Duration.ofSeconds(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("mode");
  }

  @Test
  void stateKeepsItsExpiration() {
    Expiration ttl = Expiration.expireAfterWriting(Duration.ofMinutes(3));
    assertThat(PersistedValue.of("v", Long.class, ttl).expiration()).isSameAs(ttl);
    assertThat(PersistedTable.of("t", String.class, Long.class, ttl).expiration()).isSameAs(ttl);
    assertThat(PersistedAppendingBuffer.of("b", Long.class, ttl).expiration()).isSameAs(ttl);
    assertThat(PersistedValue.of("v", Long.class).expiration()).isEqualTo(Expiration.none());
    assertThat(PersistedTable.of("t", String.class, Long.class).expiration())
        .isEqualTo(Expiration.none());
    assertThat(PersistedAppendingBuffer.of("b", Long.class).expiration())
        .isEqualTo(Expiration.none());
  }
}
