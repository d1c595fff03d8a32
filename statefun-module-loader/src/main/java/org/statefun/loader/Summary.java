package org.statefun.loader;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.Boundedness;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.universe.Bindings;
import org.statefun.loader.binding.BindingNames;
import org.statefun.loader.binding.YamlComponents;
import org.statefun.remote.RemoteFunctionProvider;
import org.statefun.sdk.FailurePolicy;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.IngressSpec;

/**
 * Prints what a job runs: modules, function types (with their {@code on-error} policy unless it is
 * the default, fail), ingresses → routers → targets, egresses.
 */
final class Summary {
  private Summary() {}

  static void print(LoadedModules loaded, PrintStream out) {
    Path root = loaded.root().toAbsolutePath().normalize();
    List<LoadedModules.Module> modules = loaded.modules();
    out.println("statefun: " + count(modules.size(), "module") + " in " + root);
    loaded.warnings().forEach(w -> out.println("statefun: " + w));
    for (LoadedModules.Module module : modules) {
      String contents = module.directory().contents();
      String java =
          module.javaModules().isEmpty()
              ? ""
              : "; Java modules: " + String.join(", ", module.javaModules());
      String directory =
          module.directory().name().equals(module.name())
              ? ""
              : " (directory " + module.directory().name() + ")";
      out.println("  " + module.name() + directory + ": " + contents + java);
    }
    Bindings bindings = loaded.bindings();
    YamlComponents components = loaded.components();
    out.println("function types:");
    bindings
        .functions()
        .values()
        .forEach(
            f ->
                out.println(
                    "  "
                        + f.type()
                        + "  "
                        + implementation(f.provider())
                        + "  ["
                        + f.origin().module()
                        + "]"
                        + (f.onError().equals(FailurePolicy.fail())
                            ? ""
                            : "  on-error: " + f.onError())));
    bindings
        .namespaces()
        .values()
        .forEach(
            n ->
                out.println(
                    "  "
                        + n.namespace()
                        + "/*  "
                        + implementation(n.provider())
                        + "  ["
                        + n.origin().module()
                        + "]"
                        + (n.onError().equals(FailurePolicy.fail())
                            ? ""
                            : "  on-error: " + n.onError())));
    out.println("ingresses -> routers -> targets:");
    Map<String, List<String>> routes =
        bindings.routers().stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.ingress().toString(),
                    Collectors.mapping(r -> BindingNames.router(r.router()), Collectors.toList())));
    bindings
        .ingresses()
        .forEach(
            (id, ingress) ->
                out.println(
                    "  "
                        + id
                        + " ("
                        + components.ingress(ingress.spec()).kind()
                        + ") -> "
                        + String.join(" | ", routes.getOrDefault(id, List.of()))
                        + unbounded(ingress.spec(), components)));
    out.println("egresses:");
    bindings
        .egresses()
        .forEach(
            (id, egress) ->
                out.println("  " + id + " (" + components.egressKind(egress.spec()) + ")"));
  }

  /**
   * A mark for an ingress that never ends by itself (so neither does the job): a watched file, a
   * Kafka topic without stop-at-latest, any unbounded source.
   */
  private static String unbounded(IngressSpec<?> spec, YamlComponents components) {
    if (spec instanceof SourceIngressSpec<?> source
        && source.source().getBoundedness() == Boundedness.CONTINUOUS_UNBOUNDED) {
      String kind = components.ingress(spec).kind();
      return kind.equals("file")
          ? "  (watch: runs until stopped)"
          : "  (unbounded: runs until stopped)";
    }
    return "";
  }

  /**
   * The provider's class, or for a remote endpoint its scheme, host and port (never the path or
   * query, which may hold secrets).
   */
  private static String implementation(StatefulFunctionProvider provider) {
    if (provider instanceof RemoteFunctionProvider remote) {
      URI url = remote.endpoint().urlFor(new FunctionType("summary", "name"));
      return "remote "
          + url.getScheme()
          + "://"
          + url.getHost()
          + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
    return BindingNames.implementation(provider);
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
