package io.strata.agent;

import io.strata.agent.process.TaskUsers;
import io.strata.resources.AgentId;
import io.strata.resources.Resources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Who an agent is and what it offers.
 *
 * @param listeners where it sees which ports other programs on its host listen on
 * @param taskUsers which user its tasks run as; null for the default ({@link TaskUsers#forAgent} of null,
 *                  resolved when the agent starts)
 */
public record AgentSettings(AgentId id, String host, Resources resources, Map<String, String> attributes,
                            Path workDir, Duration heartbeatInterval, HostListeners listeners, TaskUsers taskUsers) {
    public AgentSettings {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public AgentSettings(AgentId id, String host, Resources resources, Map<String, String> attributes, Path workDir,
                         Duration heartbeatInterval, HostListeners listeners) {
        this(id, host, resources, attributes, workDir, heartbeatInterval, listeners, null);
    }

    /** An agent that reads this host's socket tables. */
    public AgentSettings(AgentId id, String host, Resources resources, Map<String, String> attributes, Path workDir,
                         Duration heartbeatInterval) {
        this(id, host, resources, attributes, workDir, heartbeatInterval, HostListeners.ofThisHost());
    }
}
