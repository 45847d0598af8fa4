package io.strata.service;

import java.util.List;
import java.util.Map;

/** A service's name, config and every placed pod, for rendering configs and checks. */
public record ServiceView(String name, Map<String, String> config, List<PodView> pods) {

    public List<PodView> podsOfType(String type) {
        return pods.stream().filter(p -> p.type().equals(type)).toList();
    }
}
