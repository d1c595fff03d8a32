package org.statefun.core.state;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeType;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.SetTypeInfo;
import org.statefun.core.state.StateSchema.ClassShape;
import org.statefun.core.state.StateSchema.Encoding;
import org.statefun.core.state.StateSchema.FieldShape;

/**
 * Builds a {@link StateSchema} by following Flink's type information: POJO and record classes with
 * the fields Flink's POJO serializer writes; classes Flink hands to Kryo (and everything inside
 * them, which Kryo writes too) with the fields Kryo's field serializer writes.
 */
final class SchemaWalker {

  /** JDK and Flink classes change with the platform, not with the user's code. */
  private static final List<String> PLATFORM_PACKAGES =
      List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.apache.flink.", "scala.");

  private final Map<String, ClassShape> shapes = new LinkedHashMap<>();
  private final Set<String> walkedAsKryo = new HashSet<>();

  private SchemaWalker() {}

  /**
   * The schema of a state declared with {@code info}.
   *
   * @param kryoOnly Flink writes the whole value with Kryo (a generic type, or Kryo forced by the
   *     job's serializer configuration)
   */
  static StateSchema of(TypeInformation<?> info, boolean kryoOnly) {
    SchemaWalker walker = new SchemaWalker();
    if (kryoOnly) {
      walker.kryo(info.getTypeClass());
    } else {
      walker.flink(info, info.getTypeClass());
    }
    return new StateSchema(new ArrayList<>(walker.shapes.values()));
  }

  private void flink(TypeInformation<?> info, Type javaType) {
    if (info instanceof PojoTypeInfo<?> pojo) {
      String name = pojo.getTypeClass().getName();
      if (shapes.containsKey(name)) {
        return;
      }
      List<FieldShape> fields = new ArrayList<>();
      for (int i = 0; i < pojo.getArity(); i++) {
        Field field = pojo.getPojoFieldAt(i).getField();
        fields.add(new FieldShape(field.getName(), field.getGenericType().getTypeName()));
      }
      shapes.put(name, new ClassShape(name, Encoding.POJO, fields));
      for (int i = 0; i < pojo.getArity(); i++) {
        PojoField field = pojo.getPojoFieldAt(i);
        flink(field.getTypeInformation(), field.getField().getGenericType());
      }
    } else if (info instanceof GenericTypeInfo<?> generic) {
      kryo(javaType != null ? javaType : generic.getTypeClass());
    } else if (info instanceof ListTypeInfo<?> list) {
      flink(list.getElementTypeInfo(), typeArgument(javaType, 0));
    } else if (info instanceof SetTypeInfo<?> set) {
      flink(set.getElementTypeInfo(), typeArgument(javaType, 0));
    } else if (info instanceof MapTypeInfo<?, ?> map) {
      flink(map.getKeyTypeInfo(), typeArgument(javaType, 0));
      flink(map.getValueTypeInfo(), typeArgument(javaType, 1));
    } else if (info instanceof ObjectArrayTypeInfo<?, ?> array) {
      flink(array.getComponentInfo(), componentType(javaType));
    } else if (info instanceof CompositeType<?> composite) {
      for (int i = 0; i < composite.getArity(); i++) {
        flink(composite.getTypeAt(i), null);
      }
    }
    // Anything else (basic types, enums, primitive arrays, Flink value types) has no user fields.
  }

  private void kryo(Type type) {
    if (type instanceof ParameterizedType parameterized) {
      kryo(parameterized.getRawType());
      for (Type argument : parameterized.getActualTypeArguments()) {
        kryo(argument);
      }
    } else if (type instanceof GenericArrayType array) {
      kryo(array.getGenericComponentType());
    } else if (type instanceof WildcardType wildcard) {
      for (Type bound : wildcard.getUpperBounds()) {
        kryo(bound);
      }
    } else if (type instanceof Class<?> c) {
      if (c.isArray()) {
        kryo(c.getComponentType());
      } else if (isUserClass(c) && walkedAsKryo.add(c.getName())) {
        List<Field> fields = kryoFields(c);
        List<FieldShape> shapesOfFields = new ArrayList<>();
        for (Field field : fields) {
          shapesOfFields.add(new FieldShape(field.getName(), field.getGenericType().getTypeName()));
        }
        // Inside Kryo a class is written by Kryo even where Flink alone would use its POJO form.
        shapes.put(c.getName(), new ClassShape(c.getName(), Encoding.KRYO, shapesOfFields));
        for (Field field : fields) {
          kryo(field.getGenericType());
        }
      }
    }
    // Type variables: the runtime class is unknown, so there is nothing to record.
  }

  /** The fields Kryo's field serializer writes: instance fields, not transient, not synthetic. */
  private static List<Field> kryoFields(Class<?> c) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field field : k.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers)
            && !Modifier.isTransient(modifiers)
            && !field.isSynthetic()) {
          fields.add(field);
        }
      }
    }
    return fields;
  }

  private static boolean isUserClass(Class<?> c) {
    if (c.isPrimitive() || c.isEnum() || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
      return false;
    }
    String name = c.getName();
    return PLATFORM_PACKAGES.stream().noneMatch(name::startsWith);
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType parameterized
        && parameterized.getActualTypeArguments().length > index) {
      return parameterized.getActualTypeArguments()[index];
    }
    return null;
  }

  private static Type componentType(Type type) {
    if (type instanceof GenericArrayType array) {
      return array.getGenericComponentType();
    }
    return type instanceof Class<?> c && c.isArray() ? c.getComponentType() : null;
  }
}
