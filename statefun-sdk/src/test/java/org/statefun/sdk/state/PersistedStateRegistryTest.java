package org.statefun.sdk.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersistedStateRegistryTest {

  @Test
  void registersOncePerNameAndBindsThroughTheRegistrar() {
    PersistedStateRegistry registry = new PersistedStateRegistry();
    List<String> bound = new ArrayList<>();
    StateBinding.bind(
        registry,
        new PersistedStateRegistry.Registrar() {
          @Override
          public <T> void register(PersistedValue<T> value) {
            bound.add(value.name());
          }
        });
    PersistedValue<Long> first = registry.register(PersistedValue.of("count", Long.class));
    PersistedValue<Long> again = registry.register(PersistedValue.of("count", Long.class));
    registry.register(PersistedValue.of("name", String.class));

    assertThat(again).isSameAs(first);
    assertThat(bound).containsExactly("count", "name");
    assertThat(registry.values()).extracting(PersistedValue::name).containsExactly("count", "name");
    assertThat(registry.get("name")).isPresent();
    assertThat(registry.get("other")).isEmpty();
  }

  @Test
  void aNameRegisteredAgainWithAnotherTypeOrExpirationIsRejected() {
    PersistedStateRegistry registry = new PersistedStateRegistry();
    registry.register(PersistedValue.of("count", Long.class));

    assertThatThrownBy(() -> registry.register(PersistedValue.of("count", Integer.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Persisted value 'count' is registered as java.lang.Long with expiration"
                + " Expiration[mode=NONE, duration=PT0S] and cannot be registered again as"
                + " java.lang.Integer with expiration Expiration[mode=NONE, duration=PT0S]");
    assertThatThrownBy(
            () ->
                registry.register(
                    PersistedValue.of(
                        "count", Long.class, Expiration.expireAfterWriting(Duration.ofSeconds(1)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AFTER_WRITE");
  }
}
