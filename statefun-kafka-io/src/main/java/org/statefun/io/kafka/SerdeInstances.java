package org.statefun.io.kafka;

import java.lang.reflect.InvocationTargetException;

/** Creates user classes (Kafka serializers and deserializers) through their no-arg constructor. */
final class SerdeInstances {
  private SerdeInstances() {}

  static <T> T create(Class<?> type, Class<T> expected) {
    try {
      return expected.cast(type.getDeclaredConstructor().newInstance());
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "The constructor of " + type.getName() + " failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          type.getName() + " cannot be created with a public no-argument constructor: " + e, e);
    }
  }
}
