package org.statefun.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {

  private static final List<String> KEYS =
      List.of("version", "module", "functions", "ingresses", "routers", "egresses");

  @Test
  void suggestsTyposTranspositionsAndCase() {
    assertThat(DidYouMean.closest("ingress", KEYS)).contains("ingresses");
    assertThat(DidYouMean.closest("vesrion", KEYS)).contains("version");
    assertThat(DidYouMean.closest("Routers", KEYS)).contains("routers");
  }

  @Test
  void staysQuietForUnrelatedWords() {
    assertThat(DidYouMean.closest("banana", KEYS)).isEmpty();
    assertThat(DidYouMean.closest("x", List.of("id"))).isEmpty();
  }
}
