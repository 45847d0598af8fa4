package io.strata.allocator;

import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the {@link DrfAllocator}.
 *
 * @param offerTimeout  how long an offer may stay unanswered before {@link DrfAllocator#expireOffers()}
 *                      withdraws it, so a silent framework cannot sit on resources
 * @param defaultRefuse the filter put on the unused remainder of an accepted offer (Mesos' default
 *                      refuse_seconds), and on a decline that names no duration
 * @param minOffer      an agent is offered only when its free resources reach at least one of the
 *                      non-zero scalars here (Mesos MIN_CPUS / MIN_MEM: tiny slivers are not worth
 *                      a round trip)
 * @param offerIdPrefix offer ids are {@code prefix-N}; a master puts its own incarnation here so ids
 *                      from an earlier master are never mistaken for current ones
 */
public record AllocatorConfig(Duration offerTimeout, Duration defaultRefuse, Resources minOffer,
                              String offerIdPrefix) {

    public AllocatorConfig {
        Objects.requireNonNull(offerTimeout, "offerTimeout");
        Objects.requireNonNull(defaultRefuse, "defaultRefuse");
        Objects.requireNonNull(minOffer, "minOffer");
        Objects.requireNonNull(offerIdPrefix, "offerIdPrefix");
        if (offerTimeout.isNegative() || offerTimeout.isZero()) {
            throw new IllegalArgumentException("offerTimeout must be positive, got " + offerTimeout);
        }
        if (defaultRefuse.isNegative()) {
            throw new IllegalArgumentException("defaultRefuse must not be negative, got " + defaultRefuse);
        }
        if (offerIdPrefix.isBlank()) {
            throw new IllegalArgumentException("offerIdPrefix must not be blank");
        }
    }

    /** 60 s offer timeout, 5 s default refusal, offers of at least 0.01 cpus or 32 MB memory. */
    public static AllocatorConfig defaults(String offerIdPrefix) {
        return new AllocatorConfig(Duration.ofSeconds(60), Duration.ofSeconds(5),
                new Resources(10, 32, 0, PortRanges.EMPTY), offerIdPrefix);
    }

    public AllocatorConfig withOfferTimeout(Duration timeout) {
        return new AllocatorConfig(timeout, defaultRefuse, minOffer, offerIdPrefix);
    }

    public AllocatorConfig withDefaultRefuse(Duration refuse) {
        return new AllocatorConfig(offerTimeout, refuse, minOffer, offerIdPrefix);
    }

    /** True when {@code free} is worth offering (see {@link #minOffer()}). */
    boolean worthOffering(Resources free) {
        if (minOffer.milliCpus() > 0 && free.milliCpus() >= minOffer.milliCpus()) {
            return true;
        }
        if (minOffer.memMb() > 0 && free.memMb() >= minOffer.memMb()) {
            return true;
        }
        if (minOffer.diskMb() > 0 && free.diskMb() >= minOffer.diskMb()) {
            return true;
        }
        boolean noMinimum = minOffer.milliCpus() == 0 && minOffer.memMb() == 0 && minOffer.diskMb() == 0;
        return noMinimum && !free.isEmpty();
    }
}
