package io.strata.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.strata.protocol.StrataMessage;
import io.strata.resources.Resources;

import java.util.Map;

/**
 * What something waiting for resources asks of one agent — a waiting pod, a queued Spark driver, a
 * pending executor — shaped as the body of {@code POST /api/v1/analysis}, so the dashboard can ask
 * the offer analysis why it waits.
 *
 * @param ports      how many ports it needs from the agent's range
 * @param group      the group whose quota it counts against
 * @param agent      the one agent it may go to (it holds its volume there), or null for any
 * @param attributes agent attributes it requires (left out when none)
 */
public record Demand(double cpus, long memMb, long diskMb, int ports, String group, String agent,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> attributes)
        implements StrataMessage {

    public Demand {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** {@code resources}' cpus, memory and disk with {@code ports} ports. */
    public static Demand of(Resources resources, int ports, String group, String agent, Map<String, String> attributes) {
        return new Demand(resources.cpus(), resources.memMb(), resources.diskMb(), ports, group, agent, attributes);
    }
}
