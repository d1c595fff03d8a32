package ${package};

import org.statefun.sdk.io.Router;

/**
 * Routes each line of the names file (the ingress {@code ${artifactId}/names} of module.yaml) to
 * the greeter of that name; blank lines and lines starting with {@code #} are skipped. module.yaml
 * names it as {@code routers[].class}: a router needs a public no-arg constructor.
 */
public final class NamesRouter implements Router<String> {

  @Override
  public void route(String line, Downstream downstream) {
    String name = line.strip();
    if (!name.isEmpty() && !name.startsWith("#")) {
      downstream.forward(GreeterFn.TYPE, name, name);
    }
  }
}
