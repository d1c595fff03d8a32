package org.statefun.io.kafka.it;

/** A JSON-bound order, for the {@code value-type} tests. */
public record Order(String id, String customer, int amount) {}
