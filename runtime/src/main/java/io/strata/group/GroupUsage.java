package io.strata.group;

import io.strata.protocol.ClusterState;
import io.strata.resources.Resources;

import java.util.HashMap;
import java.util.Map;

/** What each group's frameworks hold now (launched tasks and their volumes), from the master's state. */
public final class GroupUsage {

    private GroupUsage() {
    }

    public static Map<String, Resources> of(ClusterState state) {
        Map<String, Resources> used = new HashMap<>();
        for (ClusterState.FrameworkView f : state.frameworks()) {
            used.merge(Group.ofRole(f.role()), f.used().withPorts(io.strata.resources.PortRanges.EMPTY), Resources::plus);
        }
        return used;
    }

    /** The group's usage, none when it runs nothing. */
    public static Resources of(ClusterState state, String group) {
        return of(state).getOrDefault(group, Resources.EMPTY);
    }

    /** The reason a request of {@code wanted} cannot start in its group now, or null when the group has room. */
    public static String limitReason(Group group, Resources wanted, ClusterState state) {
        if (group == null || state == null) {
            return null;
        }
        return io.strata.allocator.GroupLimits.reason(group.name(), group.limit().asLimit(), of(state, group.name()), wanted)
                .orElse(null);
    }
}
