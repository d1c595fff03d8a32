package org.statefun.core.universe;

import java.util.Objects;

/**
 * Where a binding came from, so that a problem with it names the place to fix. The module loader's
 * origins name a module.yaml entry (file, line, column) or the jar of a Java module; {@link
 * #module(String)} names just a module.
 */
public interface BindingOrigin {

  /** The name of the module that made the binding. */
  String module();

  /** How messages name this origin, e.g. {@code module 'a' (a/module.yaml:3:5)}. */
  String description();

  /** An origin known only by its module's name: described as {@code module 'name'}. */
  static BindingOrigin module(String name) {
    return new ModuleName(name);
  }

  /** The origin {@link #module(String)} returns. */
  record ModuleName(String module) implements BindingOrigin {
    public ModuleName {
      Objects.requireNonNull(module, "module");
    }

    @Override
    public String description() {
      return "module '" + module + "'";
    }
  }
}
