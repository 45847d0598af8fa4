package io.strata.allocator;

import io.strata.resources.AgentId;
import io.strata.resources.Resources;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The allocator's books for one agent: total = used + offered + free, kept incrementally. */
final class AgentState {

    final AgentId id;
    String host;
    Map<String, String> attributes;
    Resources total;
    Resources used = Resources.EMPTY;
    Resources free;
    /**
     * At most one. An agent is offered whole unless a role's limit or others' guarantees cap the
     * offer; the rest then waits until this offer is answered, which keeps one offer per agent.
     */
    OfferState offer;
    /** Insertion-ordered so that anything iterating it stays deterministic. */
    final Map<FrameworkState, Resources> usedBy = new LinkedHashMap<>();
    /**
     * Filters on this agent by framework, all kept by {@link FilterBook}. On the agent rather than
     * the framework because a pass looks up many frameworks for one agent in a row.
     */
    final Map<FrameworkState, OfferFilter> filters = new HashMap<>();
    /** The earliest deadline among {@link #filters}, MAX when none can expire. */
    Instant earliestFilterExpiry = Instant.MAX;
    /**
     * Bit {@code fw.index} is set when {@code fw}'s filter here covers {@link #refusingFor}, which
     * is the agent's free resources when the bits are current (the very object: a declined agent
     * gets back the free resources it offered, so a round of declines keeps them current).
     */
    private long[] refusing = new long[0];
    Resources refusingFor;
    /** How many set bits belong to frameworks that want offers ({@link FrameworkState#refusalsCounted}). */
    int refusingWanted;

    AgentState(AgentId id, String host, Resources total, Map<String, String> attributes) {
        this.id = id;
        this.host = host;
        this.total = total;
        this.attributes = attributes;
        this.free = total;
    }

    boolean refuses(FrameworkState fw) {
        int word = fw.index >>> 6;
        return word < refusing.length && (refusing[word] & (1L << fw.index)) != 0;
    }

    /** Word {@code w} of the refusal bits (bits 64w to 64w + 63). */
    long refusingWord(int w) {
        return w < refusing.length ? refusing[w] : 0;
    }

    void setRefusing(FrameworkState fw, boolean on) {
        if (on == refuses(fw)) {
            return;
        }
        int word = fw.index >>> 6;
        if (on) {
            if (word >= refusing.length) {
                refusing = Arrays.copyOf(refusing, Math.max(word + 1, refusing.length * 2));
            }
            refusing[word] |= 1L << fw.index;
        } else {
            refusing[word] &= ~(1L << fw.index);
        }
        if (fw.refusalsCounted) {
            refusingWanted += on ? 1 : -1;
        }
    }

    /** How many bits are set; for the invariants. */
    int refusingBits() {
        int n = 0;
        for (long w : refusing) {
            n += Long.bitCount(w);
        }
        return n;
    }

    void clearRefusing() {
        Arrays.fill(refusing, 0);
        refusingWanted = 0;
    }

    /** Whether every one of {@code wanting} frameworks wanting offers refuses all that is free. */
    boolean refusedByAll(int wanting) {
        return refusingFor == free && refusingWanted == wanting;
    }

    Resources offered() {
        return offer == null ? Resources.EMPTY : offer.offer.resources();
    }

    /** Re-registration; throws rather than let a shrunk agent hold more than it has. */
    void update(String newHost, Map<String, String> newAttributes, Resources newTotal) {
        Resources held = used.plus(offered());
        if (!newTotal.contains(held)) {
            throw new IllegalArgumentException("agent " + id + ": new total " + newTotal
                    + " cannot hold its used and offered " + held + " (short of "
                    + Shortfall.describe(newTotal, held) + "); rescind its offer or recover tasks first");
        }
        host = newHost;
        attributes = newAttributes;
        total = newTotal;
        refreshFree();
    }

    /** Usually the whole of what is free is offered; a capped offer leaves the rest free. */
    void offerOpened(OfferState s) {
        offer = s;
        Resources offered = s.offer.resources();
        free = offered == free ? Resources.EMPTY : free.minus(offered);
    }

    void offerClosed() {
        Resources offered = offer.offer.resources();
        offer = null;
        if (free.isEmpty()) {
            // Nothing is free beside the offer, so free is exactly the offer (total - used), and
            // reusing that very object lets a filter on it match by identity (OfferFilter#covers).
            free = offered;
        } else {
            refreshFree();
        }
    }

    void addUsed(FrameworkState fw, Resources r) {
        Resources before = usedBy.get(fw);
        if (before == null) {
            fw.agentsUsed++;
        }
        usedBy.put(fw, before == null ? r : before.plus(r));
        used = used.plus(r);
        refreshFree();
    }

    /** {@code r} must be part of what {@code fw} uses here. */
    void removeUsed(FrameworkState fw, Resources r) {
        Resources left = usedBy.get(fw).minus(r);
        if (left.isEmpty()) {
            usedBy.remove(fw);
            fw.agentsUsed--;
        } else {
            usedBy.put(fw, left);
        }
        used = used.minus(r);
        refreshFree();
    }

    void refreshFree() {
        free = total.minus(used).minus(offered());
    }
}
