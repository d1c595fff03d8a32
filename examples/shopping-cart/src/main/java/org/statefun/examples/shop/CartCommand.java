package org.statefun.examples.shop;

/**
 * One line of the commands file: {@code {"user": "ann", "action": "add", "item": "apple",
 * "quantity": 2}} or {@code {"user": "ann", "action": "checkout"}}.
 *
 * @param user who acts; the module.yaml router sends the command to cart {@code user}
 * @param action {@code add} or {@code checkout}
 * @param item what to add (for {@code add})
 * @param quantity how many to add (for {@code add})
 */
public record CartCommand(String user, String action, String item, int quantity) {}
