package io.strata.apps;

import io.strata.service.AutoReplace;

import java.time.Duration;
import java.util.Map;

/**
 * Where a sticky app's instance ran when it ended (saved with the instance, so it outlives a failover of
 * the apps framework): while its version's {@code sticky} window since it ended runs, the instance is
 * started again only there, with the same ports (Marathon's resident apps, Nomad's sticky placement).
 *
 * @param endedAtMillis when its task ended (or was asked to stop, for a replacement)
 */
public record StickySpot(String agentId, String host, Map<String, Integer> ports, long endedAtMillis) {

    public StickySpot {
        ports = ports == null ? Map.of() : Map.copyOf(ports);
    }

    /** Where {@code i} runs now, ending at {@code now}; null when its app is not sticky or it has no agent. */
    static StickySpot of(AppInstance i, AppDefinition def, long now) {
        return def.sticky().isZero() || i.agentId() == null ? null
                : new StickySpot(i.agentId(), i.host(), i.ports(), now);
    }

    public long untilMillis(Duration window) {
        return endedAtMillis + window.toMillis();
    }

    /** Whether the instance is still held to this spot at {@code now}. */
    public boolean holds(Duration window, long now) {
        return now < untilMillis(window);
    }

    /** "agent-2 (127.0.0.2)". */
    public String where() {
        return agentId + " (" + host + ")";
    }

    /**
     * "waiting for agent-2 (127.0.0.2), where it ran (sticky for 1m12s more)", then ": {@code detail}"
     * when there is one (what the agent's last offer lacked).
     */
    String waiting(Duration window, long now, String detail) {
        long left = Math.max(1, (untilMillis(window) - now + 999) / 1000);
        return WAITING + where() + WHERE_IT_RAN + AutoReplace.describe(Duration.ofSeconds(left)) + " more)"
                + (detail == null ? "" : ": " + detail);
    }

    /** The detail of a {@link #waiting} reason for this spot, or null (another reason, or none given). */
    String detailOf(String reason) {
        String start = WAITING + where() + WHERE_IT_RAN;
        int end = reason == null || !reason.startsWith(start) ? -1 : reason.indexOf(" more): ", start.length());
        return end < 0 ? null : reason.substring(end + " more): ".length());
    }

    private static final String WAITING = "waiting for ";
    private static final String WHERE_IT_RAN = ", where it ran (sticky for ";
}
