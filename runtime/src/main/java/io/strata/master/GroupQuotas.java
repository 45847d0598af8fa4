package io.strata.master;

import io.strata.protocol.ClusterState;
import io.strata.protocol.GroupQuota;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups are allocator roles: applies the groups' weights, guarantees and limits to the roles of
 * the same names, and shows each group with what it uses. The list is always whole, so a group
 * missing from it gets the defaults back. Group {@value GroupQuota#DEFAULT_GROUP} always exists.
 */
final class GroupQuotas {

    private static final Logger LOG = LoggerFactory.getLogger(GroupQuotas.class);

    private final MasterBooks books;

    GroupQuotas(MasterBooks books) {
        this.books = books;
    }

    /** An operator's change: applied, and from now on newer than what the store held at takeover. */
    void set(List<GroupQuota> groups, Step out) {
        books.groupsSetByOperator = true;
        apply(groups, "operator", out);
    }

    /** The groups read from the store at takeover, unless an operator's change came in first. */
    void stored(List<GroupQuota> groups, Step out) {
        if (books.groupsSetByOperator) {
            LOG.info("stored groups ignored: an operator set the groups since this master took over");
            return;
        }
        apply(groups, "store", out);
    }

    private void apply(List<GroupQuota> groups, String source, Step out) {
        Map<String, GroupQuota> next = new TreeMap<>();
        for (GroupQuota g : groups) {
            next.put(g.name(), g);
        }
        for (String gone : books.groups.keySet()) {
            if (!next.containsKey(gone)) {
                books.allocator.resetRole(gone);
            }
        }
        for (GroupQuota g : next.values()) {
            books.allocator.setRoleQuota(g.name(), g.weight(), g.guarantee(), g.limit());
        }
        books.groups.clear();
        books.groups.putAll(next);
        LOG.info("groups applied source={} groups={}", source, next.keySet());
        out.allocateSoon();
    }

    /** Every group by name, {@value GroupQuota#DEFAULT_GROUP} included, with what its role holds and has on offer. */
    static List<ClusterState.GroupView> views(MasterBooks books) {
        Map<String, GroupQuota> all = new TreeMap<>(books.groups);
        all.putIfAbsent(GroupQuota.DEFAULT_GROUP, GroupQuota.defaults(GroupQuota.DEFAULT_GROUP));
        List<ClusterState.GroupView> views = new ArrayList<>(all.size());
        for (GroupQuota g : all.values()) {
            views.add(new ClusterState.GroupView(g.name(), g.weight(), g.guarantee(), g.limit(),
                    books.allocator.roleAllocation(g.name())));
        }
        return views;
    }
}
