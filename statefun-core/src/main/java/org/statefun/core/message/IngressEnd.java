package org.statefun.core.message;

/**
 * Control payload: one parallel instance of an ingress has produced its last record. Routers send
 * it to every key group so that each loop head learns, in order after all data, that this ingress
 * instance is done.
 *
 * @param ingressIndex the position of the ingress in the job's ingress list
 * @param subtaskIndex which parallel instance of the ingress ended
 * @param parallelism how many parallel instances the ingress has
 */
public record IngressEnd(int ingressIndex, int subtaskIndex, int parallelism) {}
