package io.strata.service;

import io.strata.resources.Resources;

import java.util.List;
import java.util.Map;

/**
 * N instances of one kind of pod: what each needs (cpus, memory, named ports, a persistent volume)
 * and where it may go.
 *
 * @param resources          cpus and memory (and scratch disk) of each instance, without ports
 * @param portNames          ports each instance gets from its agent's range, by name
 * @param volumeMb           size of each instance's persistent volume; 0 for none
 * @param maxPerAgent        at most this many instances of this type on one agent (1 = spread)
 * @param requiredAttributes agent attributes an instance's agent must have
 */
public record PodTemplate(String type, int count, Resources resources, List<String> portNames, long volumeMb,
                          int maxPerAgent, Map<String, String> requiredAttributes) {

    public PodTemplate {
        portNames = List.copyOf(portNames);
        requiredAttributes = requiredAttributes == null ? Map.of() : Map.copyOf(requiredAttributes);
        if (count < 0) {
            throw new IllegalArgumentException(type + ": count must be >= 0, got " + count);
        }
        if (maxPerAgent < 1) {
            throw new IllegalArgumentException(type + ": maxPerAgent must be >= 1, got " + maxPerAgent);
        }
    }

    public PodTemplate withCount(int newCount) {
        return new PodTemplate(type, newCount, resources, portNames, volumeMb, maxPerAgent, requiredAttributes);
    }

    /** What one instance asks of an offer: its resources, its volume's disk if new, and its ports. */
    Resources demand(boolean newVolume) {
        return resources.plus(Resources.of(0, 0, newVolume ? volumeMb : 0));
    }
}
