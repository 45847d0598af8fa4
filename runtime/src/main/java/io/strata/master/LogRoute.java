package io.strata.master;

import io.strata.resources.AgentId;

/** Where a request for a task's log goes: to the agent that has the sandbox, or nowhere, with why. */
public sealed interface LogRoute {

    record OnAgent(AgentId agentId) implements LogRoute {
    }

    /** Answered at once with no data; {@code found} tells whether the task itself is known. */
    record Unavailable(long nextOffset, boolean found, String error) implements LogRoute {
    }
}
