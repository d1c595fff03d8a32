package org.statefun.benchmarks.relay;

import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * How the plain job keys its records: by {@code long}, as a Flink developer would write it (the
 * default, the baseline of record), or by {@code String} ids made with {@link Long#toString} and
 * read back with {@link Long#parseLong}, exactly as the relay's functions address each other — to
 * show what String ids alone cost a plain Flink job.
 *
 * @param name the option's value and the plain pipeline's name suffix
 * @param type the key's type information
 * @param of the key of a numeric id
 * @param id the numeric id of a key
 * @param <K> the key type
 */
record PlainKeys<K>(String name, TypeInformation<K> type, Of<K> of, IdOf<K> id)
    implements Serializable {

  /** Makes the key of a numeric id. */
  interface Of<K> extends Serializable {
    K apply(long id);
  }

  /** Reads the numeric id of a key. */
  interface IdOf<K> extends Serializable {
    long apply(K key);
  }

  static final PlainKeys<Long> LONGS = new PlainKeys<>("long", Types.LONG, id -> id, key -> key);

  static final PlainKeys<String> STRINGS =
      new PlainKeys<>("string", Types.STRING, Long::toString, Long::parseLong);

  /** The keys called {@code name}, or null. */
  static PlainKeys<?> named(String name) {
    return name.equals(LONGS.name) ? LONGS : name.equals(STRINGS.name) ? STRINGS : null;
  }
}
