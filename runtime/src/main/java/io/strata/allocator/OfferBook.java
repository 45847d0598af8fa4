package io.strata.allocator;

import io.strata.resources.Offer;
import io.strata.resources.OfferId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outstanding offers by id, in the order they were made. All offers share one timeout, so that
 * order is also expiry order and expiring is a walk from the oldest until the first live one.
 */
final class OfferBook {

    private final String idPrefix;
    private final Map<OfferId, OfferState> byId = new LinkedHashMap<>();
    private long nextNumber = 1;

    OfferBook(String idPrefix) {
        this.idPrefix = idPrefix;
    }

    OfferId nextId() {
        return new OfferId(idPrefix + "-" + nextNumber++);
    }

    void add(OfferState s) {
        byId.put(s.offer.id(), s);
    }

    void remove(OfferState s) {
        byId.remove(s.offer.id());
    }

    OfferState get(OfferId id) {
        return byId.get(id);
    }

    int size() {
        return byId.size();
    }

    Collection<OfferState> all() {
        return byId.values();
    }

    /**
     * Offers due at {@code now}, oldest first. A clock that steps back only delays expiry (the walk
     * stops at the first live offer); it never withdraws an offer early.
     */
    List<OfferState> due(Instant now) {
        List<OfferState> due = new ArrayList<>();
        for (Iterator<OfferState> it = byId.values().iterator(); it.hasNext(); ) {
            OfferState s = it.next();
            if (now.isBefore(s.expiresAt)) {
                break;
            }
            due.add(s);
        }
        return due;
    }

    Optional<Instant> nextExpiry() {
        Iterator<OfferState> it = byId.values().iterator();
        return it.hasNext() ? Optional.of(it.next().expiresAt) : Optional.empty();
    }

    List<Offer> offers() {
        List<Offer> out = new ArrayList<>(byId.size());
        for (OfferState s : byId.values()) {
            out.add(s.offer);
        }
        return out;
    }
}
