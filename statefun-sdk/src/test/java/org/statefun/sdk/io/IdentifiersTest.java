package org.statefun.sdk.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

  @Test
  void printAsNamespaceSlashName() {
    assertThat(new IngressIdentifier<>(String.class, "demo", "in")).hasToString("demo/in");
    assertThat(new EgressIdentifier<>(Long.class, "demo", "out")).hasToString("demo/out");
  }

  @Test
  void ingressIdsAreValidated() {
    assertThatThrownBy(() -> new IngressIdentifier<>(String.class, "", "in"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The namespace of an ingress id must not be empty");
    assertThatThrownBy(() -> new IngressIdentifier<>(String.class, "demo", "a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The name of an ingress id must not contain '/': 'a/b'");
    assertThatThrownBy(() -> new IngressIdentifier<>(null, "demo", "in"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("producedType");
  }

  @Test
  void egressIdsAreValidated() {
    assertThatThrownBy(() -> new EgressIdentifier<>(String.class, "demo", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The name of an egress id must not be empty");
    assertThatThrownBy(() -> new EgressIdentifier<>(String.class, "x/y", "out"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The namespace of an egress id must not contain '/': 'x/y'");
    assertThatThrownBy(() -> new EgressIdentifier<>(null, "demo", "out"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("consumedType");
  }

  @Test
  void identifiersWithTheSameNameButAnotherTypeDiffer() {
    assertThat(new IngressIdentifier<>(String.class, "d", "n"))
        .isEqualTo(new IngressIdentifier<>(String.class, "d", "n"))
        .isNotEqualTo(new IngressIdentifier<>(Long.class, "d", "n"));
  }
}
