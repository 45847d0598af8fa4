package io.strata.samples.iot;

/** Standard scores: how many standard deviations a value lies from its population's mean. */
final class ZScore {

    private ZScore() {
    }

    /**
     * {@code (value - mean) / stddev}, or null when it is undefined (a missing input, or a population
     * without spread: a single value or all values equal).
     */
    static Double of(Double value, Double mean, Double stddev) {
        if (value == null || mean == null || stddev == null || !(stddev > 0)) {
            return null;
        }
        return (value - mean) / stddev;
    }
}
