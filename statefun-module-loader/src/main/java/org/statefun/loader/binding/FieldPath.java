package org.statefun.loader.binding;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one named field of an object, as {@code value.<field>} router ids do: a record component, a
 * public getter ({@code getX()}/{@code isX()}) or method {@code x()}, a public field, a {@link Map}
 * entry, or a Jackson {@link JsonNode} property.
 */
final class FieldPath {
  private FieldPath() {}

  /** The member found for each field name, per class, so routing does not repeat the lookup. */
  private static final ClassValue<Map<String, Optional<Member>>> MEMBERS =
      new ClassValue<>() {
        @Override
        protected Map<String, Optional<Member>> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  /** The field {@code name} of {@code target}; null when a map or JSON object lacks it. */
  static Object read(Object target, String name) throws ReflectiveOperationException {
    if (target instanceof Map<?, ?> map) {
      return map.get(name);
    }
    if (target instanceof JsonNode json) {
      JsonNode child = json.get(name);
      return child == null || child.isNull() ? null : child.isValueNode() ? child.asText() : child;
    }
    Optional<Member> member = member(target.getClass(), name);
    if (member.isEmpty()) {
      throw new NoSuchFieldException(
          target.getClass().getName()
              + " has no record component, getter or public field '"
              + name
              + "'");
    }
    if (member.get() instanceof Method method) {
      return method.invoke(target);
    }
    return ((Field) member.get()).get(target);
  }

  /**
   * Checks {@code fields} against {@code type} as far as types are known statically: maps, JSON
   * nodes, {@code Object} and interfaces end the check.
   *
   * @return a description of the first field that cannot exist, if any
   */
  static Optional<String> check(Class<?> type, List<String> fields) {
    Class<?> current = type;
    for (String field : fields) {
      if (current == Object.class
          || current.isInterface()
          || Map.class.isAssignableFrom(current)
          || JsonNode.class.isAssignableFrom(current)) {
        return Optional.empty();
      }
      Optional<Member> member = member(current, field);
      if (member.isEmpty()) {
        return Optional.of(
            "type "
                + current.getName()
                + " has no record component, getter or public field '"
                + field
                + "'; it has: "
                + String.join(", ", names(current)));
      }
      current =
          member.get() instanceof Method m ? m.getReturnType() : ((Field) member.get()).getType();
      if (current.isPrimitive()) {
        current = Object.class;
      }
    }
    return Optional.empty();
  }

  private static Optional<Member> member(Class<?> type, String name) {
    return MEMBERS.get(type).computeIfAbsent(name, n -> lookup(type, n));
  }

  private static Optional<Member> lookup(Class<?> type, String name) {
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        if (component.getName().equals(name)) {
          Method accessor = component.getAccessor();
          accessor.setAccessible(true);
          return Optional.of(accessor);
        }
      }
    }
    String capitalized = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    for (String candidate : List.of("get" + capitalized, "is" + capitalized, name)) {
      try {
        Method method = type.getMethod(candidate);
        if (!Modifier.isStatic(method.getModifiers()) && method.getReturnType() != void.class) {
          return Optional.of(method);
        }
      } catch (NoSuchMethodException e) {
        // try the next form
      }
    }
    try {
      Field field = type.getField(name);
      return Modifier.isStatic(field.getModifiers()) ? Optional.empty() : Optional.of(field);
    } catch (NoSuchFieldException e) {
      return Optional.empty();
    }
  }

  private static List<String> names(Class<?> type) {
    List<String> names = new ArrayList<>();
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        names.add(component.getName());
      }
      return names;
    }
    for (Method method : type.getMethods()) {
      String n = method.getName();
      if (method.getParameterCount() == 0
          && !Modifier.isStatic(method.getModifiers())
          && method.getDeclaringClass() != Object.class) {
        if (n.startsWith("get") && n.length() > 3) {
          names.add(Character.toLowerCase(n.charAt(3)) + n.substring(4));
        } else if (n.startsWith("is") && n.length() > 2) {
          names.add(Character.toLowerCase(n.charAt(2)) + n.substring(3));
        }
      }
    }
    for (Field field : type.getFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        names.add(field.getName());
      }
    }
    return names.stream().distinct().sorted().toList();
  }
}
