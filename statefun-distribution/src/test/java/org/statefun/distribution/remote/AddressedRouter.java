package org.statefun.distribution.remote;

import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.Router;

/**
 * Routes text lines {@code "<namespace>/<type> <id> [<message>]"} to function {@code
 * namespace/type}, instance {@code id}, with the string {@code message} (the id when omitted), for
 * tests that drive several functions and addresses from one file ingress. Lines of one file reach
 * each address in file order.
 */
public class AddressedRouter implements Router<String> {

  @Override
  public void route(String line, Downstream downstream) {
    String[] parts = line.split(" ", 3);
    if (parts.length < 2) {
      throw new IllegalArgumentException("not '<namespace>/<type> <id> [<message>]': " + line);
    }
    String[] type = parts[0].split("/", 2);
    if (type.length != 2) {
      throw new IllegalArgumentException("not a '<namespace>/<type>': " + parts[0]);
    }
    downstream.forward(
        new FunctionType(type[0], type[1]), parts[1], parts.length == 3 ? parts[2] : parts[1]);
  }
}
