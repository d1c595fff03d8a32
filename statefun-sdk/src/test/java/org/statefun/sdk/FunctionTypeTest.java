package org.statefun.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionTypeTest {

  @Test
  void parsesNamespaceAndName() {
    assertThat(FunctionType.parse("shop/cart")).isEqualTo(new FunctionType("shop", "cart"));
    FunctionType type = FunctionType.parse("com.example-1/Größe_2");
    assertThat(type.namespace()).isEqualTo("com.example-1");
    assertThat(type.name()).isEqualTo("Größe_2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "/b", "a/", "a/b/c", "/", "//"})
  void rejectsMalformedTypeNames(String input) {
    assertThatThrownBy(() -> FunctionType.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Malformed function type '"
                + input
                + "': expected 'namespace/name', for example 'shop/cart'");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> FunctionType.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("typeName");
  }

  @Test
  void validatesPartsWhenConstructed() {
    assertThatThrownBy(() -> new FunctionType("", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The namespace of a type must not be empty");
    assertThatThrownBy(() -> new FunctionType("x", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The name of a type must not be empty");
    assertThatThrownBy(() -> new FunctionType("a/b", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The namespace of a type must not contain '/': 'a/b'");
    assertThatThrownBy(() -> new FunctionType("x", "c/d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The name of a type must not contain '/': 'c/d'");
  }

  @Test
  void printsAsNamespaceSlashNameAndParsesBack() {
    FunctionType type = new FunctionType("shop", "cart");
    assertThat(type).hasToString("shop/cart");
    assertThat(FunctionType.parse(type.toString())).isEqualTo(type);
  }

  @Test
  void addressPrintsTypeAndId() {
    assertThat(new Address(new FunctionType("shop", "cart"), "user-7"))
        .hasToString("shop/cart/user-7");
    assertThat(new Address(new FunctionType("shop", "cart"), "")).hasToString("shop/cart/");
  }

  @Test
  void addressRequiresTypeAndId() {
    assertThatThrownBy(() -> new Address(null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("type");
    assertThatThrownBy(() -> new Address(new FunctionType("a", "b"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("id");
  }

  @Test
  void addressesWithEqualPartsAreEqual() {
    Address a = new Address(FunctionType.parse("a/b"), "1");
    assertThat(a).isEqualTo(new Address(new FunctionType("a", "b"), "1"));
    assertThat(a).isNotEqualTo(new Address(new FunctionType("a", "b"), "2"));
    assertThat(a).isNotEqualTo(new Address(new FunctionType("a", "c"), "1"));
  }
}
