package io.strata.resources;

import java.util.Map;
import java.util.Objects;

/** Resources of one agent offered to one framework until accepted, declined or rescinded. */
public record Offer(OfferId id, FrameworkId frameworkId, AgentId agentId, String host,
                    Resources resources, Map<String, String> attributes) {
    public Offer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(resources, "resources");
        host = host == null ? "" : host;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
