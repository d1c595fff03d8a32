package ${package};

import org.statefun.sdk.io.Router;

/** Routes each line of names.txt to the greeter of that name, skipping blank and # lines. */
public final class NamesRouter implements Router<String> {

  @Override
  public void route(String line, Downstream downstream) {
    String name = line.strip();
    if (!name.isEmpty() && !name.startsWith("#")) {
      downstream.forward(GreeterFn.TYPE, name, name);
    }
  }
}
