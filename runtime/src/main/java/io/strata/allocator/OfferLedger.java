package io.strata.allocator;

import io.strata.allocator.AcceptResult.Accepted;
import io.strata.allocator.AcceptResult.Rejected;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.Resources;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The life of offers, from made to accepted, declined, rescinded or expired, and what each step
 * moves on the books: an open offer takes its agent's free resources onto the framework's share;
 * closing it gives them back; accepting turns part of it into use; refusing leaves a filter.
 * Part of the {@link DrfAllocator}, which decides who gets which agent.
 */
final class OfferLedger {

    private final Clock clock;
    private final AllocatorConfig config;
    private final ShareOrder order;
    private final OfferBook book;
    private final FilterBook filters;

    OfferLedger(Clock clock, AllocatorConfig config, ShareOrder order, FilterBook filters) {
        this.filters = filters;
        this.clock = clock;
        this.config = config;
        this.order = order;
        this.book = new OfferBook(config.offerIdPrefix());
    }

    OfferBook book() {
        return book;
    }

    /** Offers {@code resources}, all or part of the agent's free resources, to {@code fw}. */
    Offer open(AgentState a, FrameworkState fw, Resources resources, Instant expiresAt) {
        Offer o = new Offer(book.nextId(), fw.id, a.id, a.host, resources, a.attributes);
        OfferState s = new OfferState(o, a, fw, expiresAt);
        a.offerOpened(s);
        fw.offers.add(s);
        book.add(s);
        order.charge(fw, o.resources(), 1);
        return o;
    }

    /** Ends an offer: its resources go back to the agent's free pool and off the framework's share. */
    void close(OfferState s) {
        book.remove(s);
        s.framework.offers.remove(s);
        s.agent.offerClosed();
        order.charge(s.framework, s.offer.resources(), -1);
    }

    /** Charges resources a framework now uses on an agent. */
    void addUsed(AgentState a, FrameworkState fw, Resources used) {
        if (!used.isEmpty()) {
            a.addUsed(fw, used);
            order.charge(fw, used, 1);
        }
    }

    AcceptResult accept(OfferId offerId, FrameworkId fw, Resources toUse) {
        OfferState s = book.get(offerId);
        if (s == null) {
            return new Rejected("offer " + offerId + " is no longer valid (rescinded or expired)");
        }
        if (!s.framework.id.equals(fw)) {
            return new Rejected("offer " + offerId + " belongs to another framework");
        }
        Resources offered = s.offer.resources();
        if (!offered.contains(toUse)) {
            return new Rejected("launch needs " + toUse + " but offer " + offerId + " has " + offered
                    + ": missing " + Shortfall.describe(offered, toUse));
        }
        close(s);
        addUsed(s.agent, s.framework, toUse);
        Resources remainder = offered.minus(toUse);
        if (!remainder.isEmpty()) {
            refuse(s.framework, s.agent, remainder, config.defaultRefuse());
        }
        return new Accepted(s.offer, toUse, remainder);
    }

    boolean decline(OfferId offerId, FrameworkId fw, Duration refuseFor) {
        OfferState s = book.get(offerId);
        if (s == null || !s.framework.id.equals(fw)) {
            return false;
        }
        close(s);
        refuse(s.framework, s.agent, s.offer.resources(), refuseFor == null ? config.defaultRefuse() : refuseFor);
        return true;
    }

    List<Offer> rescind(OfferId offerId) {
        OfferState s = book.get(offerId);
        if (s == null) {
            return List.of();
        }
        close(s);
        return List.of(s.offer);
    }

    List<Offer> expire() {
        List<OfferState> due = book.due(clock.instant());
        List<Offer> expired = new ArrayList<>(due.size());
        for (OfferState s : due) {
            close(s);
            expired.add(s.offer);
        }
        return expired;
    }

    Optional<Offer> offer(OfferId id) {
        OfferState s = book.get(id);
        return s == null ? Optional.empty() : Optional.of(s.offer);
    }

    private void refuse(FrameworkState fw, AgentState a, Resources refused, Duration refuseFor) {
        if (refuseFor.isNegative() || refuseFor.isZero()) {
            return;
        }
        filters.add(a, fw, new OfferFilter(refused, Deadline.after(clock.instant(), refuseFor)));
    }
}
