package io.strata.agent;

import io.strata.resources.AgentId;
import io.strata.resources.Resources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Who an agent is and what it offers. */
public record AgentSettings(AgentId id, String host, Resources resources, Map<String, String> attributes,
                            Path workDir, Duration heartbeatInterval) {
    public AgentSettings {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
