/**
 * Kafka ingresses and egresses. Java modules bind them with {@link
 * org.statefun.io.kafka.KafkaIngressSpec} and {@link org.statefun.io.kafka.KafkaEgressSpec};
 * module.yaml declares them with {@code kind: kafka} ({@link
 * org.statefun.io.kafka.KafkaIngressKind}, {@link org.statefun.io.kafka.KafkaEgressKind}). Ingress
 * records arrive as {@link org.statefun.io.kafka.KafkaIngressRecord}; functions choose topic, key
 * and headers per message with {@link org.statefun.io.kafka.KafkaEgressRecord}.
 */
package org.statefun.io.kafka;
