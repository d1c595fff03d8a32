package org.statefun.sdk.state;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@link org.statefun.sdk.StatefulFunction} as persisted state. The field must
 * be an initialized, non-static {@link PersistedValue}, {@link PersistedTable} or {@link
 * PersistedAppendingBuffer}; the runtime binds it to fault-tolerant Flink keyed state named {@code
 * namespace.name.stateName} and points it at the addressed instance before every invocation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Persisted {}
