package io.strata.bench.sharing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Simulated time for the allocator: moves only when the simulation says so, never by itself. */
final class SimClock extends Clock {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private long millis;

    void set(long simulatedMillis) {
        if (simulatedMillis < millis) {
            throw new IllegalArgumentException("time runs forward: " + simulatedMillis + " < " + millis);
        }
        millis = simulatedMillis;
    }

    @Override
    public Instant instant() {
        return EPOCH.plusMillis(millis);
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
