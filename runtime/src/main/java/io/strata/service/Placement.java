package io.strata.service;

import io.strata.protocol.StrataMessage;
import io.strata.resources.AgentId;

import java.util.Map;

/** Where a pod lives: its agent, that agent's address, and the ports it was given, by name. */
public record Placement(AgentId agentId, String host, Map<String, Integer> ports) implements StrataMessage {
    public Placement {
        ports = Map.copyOf(ports);
    }

    public int port(String name) {
        Integer p = ports.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no port named '" + name + "' in " + ports.keySet());
        }
        return p;
    }
}
