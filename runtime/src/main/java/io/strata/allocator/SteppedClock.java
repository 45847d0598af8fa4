package io.strata.allocator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock an allocator runs on when its owner decides what time it is: the master sets it to
 * the time of each input it handles, a simulation to its simulated time. It never moves by itself.
 */
public final class SteppedClock extends Clock {

    private long millis;

    /** @param epochMillis the time from now on, in milliseconds since the epoch */
    public void set(long epochMillis) {
        millis = epochMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
