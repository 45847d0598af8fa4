package io.strata.service;

import io.strata.protocol.StrataMessage;

import java.util.List;
import java.util.Map;

/** A service as saved: its type, name, config, pods, and whether it is being deleted. */
public record ServiceRecord(String type, String name, Map<String, String> config, List<PodRecord> pods,
                            boolean deleting, boolean deployedOnce) implements StrataMessage {
    public ServiceRecord {
        config = Map.copyOf(config);
        pods = List.copyOf(pods);
    }

    String frameworkId() {
        return type + "-" + name;
    }
}
