package io.strata.pipelines.sources;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The simulator's command line: {@code --bootstrap B --topic T --sensors N [--events M] [--rate R]
 * [--seed S]}, with at least one of events and rate (without events it runs until stopped).
 *
 * @param events total events, or null for "until stopped"
 * @param rate   events per second at most, or null for "as fast as Kafka takes them"
 */
record SimulatorOptions(String bootstrap, String topic, int sensors, Long events, Integer rate, long seed) {

    static final String USAGE = "--bootstrap HOST:PORT[,..] --topic T --sensors N [--events M] [--rate R] [--seed S]";
    private static final Set<String> NAMES = Set.of("bootstrap", "topic", "sensors", "events", "rate", "seed");

    /** @throws IllegalArgumentException with a one-line reason */
    static SimulatorOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (values.put(name, args[i + 1]) != null) {
                throw new IllegalArgumentException("--" + name + " given twice");
            }
        }
        for (String required : new String[] {"bootstrap", "topic", "sensors"}) {
            if (!values.containsKey(required)) {
                throw new IllegalArgumentException("missing --" + required);
            }
        }
        if (!values.containsKey("events") && !values.containsKey("rate")) {
            throw new IllegalArgumentException("give --events, --rate or both");
        }
        int sensors = (int) number(values, "sensors", 1, 100_000);
        Long events = values.containsKey("events") ? number(values, "events", 0, Long.MAX_VALUE) : null;
        Integer rate = values.containsKey("rate") ? (int) number(values, "rate", 1, Integer.MAX_VALUE) : null;
        long seed = values.containsKey("seed") ? number(values, "seed", Long.MIN_VALUE, Long.MAX_VALUE) : 0;
        return new SimulatorOptions(values.get("bootstrap"), values.get("topic"), sensors, events, rate, seed);
    }

    private static long number(Map<String, String> values, String name, long min, long max) {
        String v = values.get(name);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + v + "' is not an integer");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max);
        }
        return n;
    }
}
