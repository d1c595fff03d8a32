/**
 * Bounded memory for message backlogs: a FIFO that keeps its oldest messages as objects, the next
 * ones serialized in memory within a byte budget, and the rest in files, so a message storm costs
 * disk, not heap.
 */
package org.statefun.core.spill;
