package io.strata.resources;

import java.util.Objects;

/** Identifies one outstanding resource offer by a cluster-unique string. */
public record OfferId(String value) implements Comparable<OfferId> {
    public OfferId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("OfferId must not be blank");
        }
    }

    public static OfferId of(String value) {
        return new OfferId(value);
    }

    @Override
    public int compareTo(OfferId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
