package io.strata.allocator;

import io.strata.resources.FrameworkId;

import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The frameworks the allocator knows, numbered densely (lowest free index first) so agents can keep
 * their refusals as bits. A framework's flags change here or are followed by {@link #sync}, which
 * keeps the share order and the refusal counts in step with whether it wants offers.
 */
final class FrameworkBook {

    private final Map<FrameworkId, FrameworkState> byId = new HashMap<>();
    private final BitSet indices = new BitSet();
    private final ShareOrder order;
    private final FilterBook filters;

    FrameworkBook(ShareOrder order, FilterBook filters) {
        this.order = order;
        this.filters = filters;
    }

    FrameworkState get(FrameworkId id) {
        return byId.get(id);
    }

    FrameworkState getOrCreate(FrameworkId id, RoleState role) {
        FrameworkState fw = byId.get(id);
        if (fw == null) {
            int index = indices.nextClearBit(0);
            indices.set(index);
            fw = new FrameworkState(id, index, role);
            byId.put(id, fw);
        }
        return fw;
    }

    /** After its registered, active or suppressed flag changed. */
    void sync(FrameworkState fw) {
        order.sync(fw);
        filters.syncWanting(fw);
    }

    /** Forgets it once unregistered and holding nothing; its index is free again. */
    void forgetIfDone(FrameworkState fw) {
        if (fw.forgettable()) {
            sync(fw);
            filters.clear(fw);
            byId.remove(fw.id);
            indices.clear(fw.index);
        }
    }

    Map<FrameworkId, FrameworkState> byId() {
        return byId;
    }

    Collection<FrameworkState> all() {
        return byId.values();
    }
}
