package org.statefun.loader.binding;

import org.statefun.sdk.io.Router;

/**
 * Stands for a module.yaml router whose ingress no module binds: bound under the entry's origin so
 * the registry reports the unknown ingress there. A universe with it is never built.
 */
enum UnresolvedRouter implements Router<Object> {
  INSTANCE;

  @Override
  public void route(Object record, Downstream downstream) {
    throw new IllegalStateException("a router whose ingress is not bound cannot route");
  }
}
