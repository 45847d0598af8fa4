package io.strata.samples.iot;

/** Event-time minutes: the bucket a reading's epoch-millisecond timestamp belongs to. */
final class Minutes {

    static final long MILLIS = 60_000L;

    private Minutes() {
    }

    /** The start of {@code epochMillis}'s minute, also for times before 1970 (floor, not truncation). */
    static long floor(long epochMillis) {
        return epochMillis - Math.floorMod(epochMillis, MILLIS);
    }
}
