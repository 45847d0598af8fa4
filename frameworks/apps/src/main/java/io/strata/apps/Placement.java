package io.strata.apps;

/** A placement constraint of an app (the app file's {@code constraints}). */
public sealed interface Placement {

    /** At most one instance per agent. */
    record Unique() implements Placement {
        @Override
        public String toString() {
            return "unique";
        }
    }

    /** At most {@code max} instances per agent. */
    record MaxPerAgent(int max) implements Placement {
        @Override
        public String toString() {
            return "maxPerAgent:" + max;
        }
    }

    /** Only agents whose attribute {@code key} is {@code value}. */
    record AttributeIs(String key, String value) implements Placement {
        @Override
        public String toString() {
            return "attribute:" + key + "=" + value;
        }
    }

    /** Only agents whose attribute {@code key} matches the regular expression {@code pattern} as a whole. */
    record AttributeLike(String key, String pattern) implements Placement {
        @Override
        public String toString() {
            return "attribute:" + key + "~" + pattern;
        }
    }
}
