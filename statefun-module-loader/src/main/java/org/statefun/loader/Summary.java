package org.statefun.loader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.statefun.loader.binding.Catalog;
import org.statefun.sdk.FailurePolicy;

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
    for (LoadedModules.Module module : modules) {
      String contents = module.directory().contents();
      String java = module.javaModules().isEmpty() ? "" : "; Java modules: " + String.join(", ", module.javaModules());
      String directory = module.directory().name().equals(module.name()) ? "" : " (directory " + module.directory().name() + ")";
      out.println("  " + module.name() + directory + ": " + contents + java);
    }
    Catalog catalog = loaded.catalog();
    out.println("function types:");
    catalog.functions().values().forEach(
        f ->
            out.println(
                "  "
                    + f.type()
                    + "  "
                    + f.implementation()
                    + "  ["
                    + f.origin().module()
                    + "]"
                    + (f.onError().equals(FailurePolicy.fail()) ? "" : "  on-error: " + f.onError())));
    out.println("ingresses -> routers -> targets:");
    Map<String, List<String>> routes =
        catalog.routes().stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.ingress().toString(),
                    Collectors.mapping(Catalog.Route::description, Collectors.toList())));
    catalog.ingresses().forEach(
        (id, ingress) ->
            out.println(
                "  "
                    + id
                    + " ("
                    + ingress.kind()
                    + ") -> "
                    + String.join(" | ", routes.getOrDefault(id, List.of()))));
    out.println("egresses:");
    catalog.egresses().forEach((id, egress) -> out.println("  " + id + " (" + egress.kind() + ")"));
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
