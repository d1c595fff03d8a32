package org.statefun.loader.binding;

import org.statefun.loader.yaml.ModuleDocument;

/**
 * A module.yaml router, resolved once every module has bound its ingresses and functions.
 *
 * @param entry the parsed entry
 * @param path how it is named in messages, e.g. {@code routers[0]}
 * @param module the module it belongs to
 */
public record PendingRouter(ModuleDocument.Router entry, String path, ModuleContext module) {}
