package org.statefun.loader.binding;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.statefun.loader.spi.EgressKind;
import org.statefun.loader.spi.IngressKind;
import org.statefun.loader.yaml.Location;
import org.statefun.loader.yaml.Problems;

/**
 * The ingress and egress kinds known to a module: those on the runtime's class path plus those its
 * own jars register, all found with {@link ServiceLoader}.
 */
public final class KindRegistry {

  private final Map<String, IngressKind> ingressKinds;
  private final Map<String, EgressKind> egressKinds;

  private KindRegistry(Map<String, IngressKind> ingressKinds, Map<String, EgressKind> egressKinds) {
    this.ingressKinds = Collections.unmodifiableMap(ingressKinds);
    this.egressKinds = Collections.unmodifiableMap(egressKinds);
  }

  /**
   * The kinds registered on {@code runtime}'s class path; problems are reported at {@code where}.
   */
  public static KindRegistry load(ClassLoader runtime, Location where, Problems problems) {
    return new KindRegistry(
        find(
            IngressKind.class,
            IngressKind::kind,
            runtime,
            c -> true,
            new TreeMap<>(),
            where,
            problems),
        find(
            EgressKind.class,
            EgressKind::kind,
            runtime,
            c -> true,
            new TreeMap<>(),
            where,
            problems));
  }

  /** These kinds plus the ones defined by {@code module}'s own jars. */
  public KindRegistry withModule(ClassLoader module, Location where, Problems problems) {
    Predicate<Class<?>> own = c -> c.getClassLoader() == module;
    return new KindRegistry(
        find(
            IngressKind.class,
            IngressKind::kind,
            module,
            own,
            new TreeMap<>(ingressKinds),
            where,
            problems),
        find(
            EgressKind.class,
            EgressKind::kind,
            module,
            own,
            new TreeMap<>(egressKinds),
            where,
            problems));
  }

  public Optional<IngressKind> ingress(String kind) {
    return Optional.ofNullable(ingressKinds.get(kind));
  }

  public Optional<EgressKind> egress(String kind) {
    return Optional.ofNullable(egressKinds.get(kind));
  }

  /** Known ingress kind names, sorted. */
  public Set<String> ingressKinds() {
    return ingressKinds.keySet();
  }

  /** Known egress kind names, sorted. */
  public Set<String> egressKinds() {
    return egressKinds.keySet();
  }

  private static <K> Map<String, K> find(
      Class<K> spi,
      Function<K, String> name,
      ClassLoader loader,
      Predicate<Class<?>> include,
      Map<String, K> into,
      Location where,
      Problems problems) {
    try {
      for (ServiceLoader.Provider<K> provider : ServiceLoader.load(spi, loader).stream().toList()) {
        if (!include.test(provider.type())) {
          continue;
        }
        K kind = provider.get();
        K previous = into.putIfAbsent(name.apply(kind), kind);
        if (previous != null && previous.getClass() != kind.getClass()) {
          problems.add(
              where,
              spi.getSimpleName()
                  + " '"
                  + name.apply(kind)
                  + "' is registered twice: by "
                  + previous.getClass().getName()
                  + " and by "
                  + kind.getClass().getName());
        }
      }
    } catch (ServiceConfigurationError e) {
      problems.add(where, "cannot load a " + spi.getSimpleName() + ": " + e.getMessage());
    }
    return into;
  }
}
