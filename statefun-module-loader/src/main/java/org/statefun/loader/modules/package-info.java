/**
 * The modules directory: finding module directories and their jars, one class loader per module,
 * and the checks that module jars can share one class loader on the TaskManagers.
 */
package org.statefun.loader.modules;
