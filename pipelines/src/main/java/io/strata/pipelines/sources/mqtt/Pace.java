package io.strata.pipelines.sources.mqtt;

/** A steady rate: how many messages may have been started {@code elapsedNanos} after the start. */
record Pace(double perSecond) {

    /** Unlimited when {@code perSecond} is 0. */
    long allowed(long elapsedNanos) {
        if (perSecond <= 0) {
            return Long.MAX_VALUE;
        }
        return 1 + (long) Math.floor(perSecond * Math.max(0, elapsedNanos) / 1e9);
    }
}
