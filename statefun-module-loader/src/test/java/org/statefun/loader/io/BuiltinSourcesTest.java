package org.statefun.loader.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.junit.jupiter.api.Test;

class BuiltinSourcesTest {

  @Test
  void filesAreBoundedUnlessWatched() {
    assertThat(BuiltinSources.textLines("/tmp/in", Optional.empty()).getBoundedness())
        .isEqualTo(Boundedness.BOUNDED);
    assertThat(
            BuiltinSources.textLines("/tmp/in", Optional.of(Duration.ofSeconds(1)))
                .getBoundedness())
        .isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
    assertThat(
            BuiltinSources.jsonLines("/tmp/in", String.class, Optional.of(Duration.ofSeconds(1)))
                .getBoundedness())
        .isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
  }

  @Test
  void sequencesAreBoundedAndRateLimitedOnlyWhenAsked() {
    assertThat(BuiltinSources.sequence(1, 10, OptionalDouble.empty()))
        .isInstanceOf(NumberSequenceSource.class);
    assertThat(BuiltinSources.sequence(1, 10, OptionalDouble.of(5)))
        .isInstanceOf(DataGeneratorSource.class)
        .satisfies(s -> assertThat(s.getBoundedness()).isEqualTo(Boundedness.BOUNDED));
    assertThatThrownBy(() -> BuiltinSources.sequence(5, 4, OptionalDouble.empty()))
        .hasMessage("Sequence 'to' (4) is below 'from' (5)");
    assertThatThrownBy(() -> BuiltinSources.sequence(1, 4, OptionalDouble.of(0)))
        .hasMessage("Sequence rate must be positive, got 0.0");
  }
}
