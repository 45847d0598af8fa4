package io.strata.pipelines.sources;

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
        Flags f = Flags.parse(args, NAMES);
        String bootstrap = f.required("bootstrap");
        String topic = f.required("topic");
        f.required("sensors");
        if (!f.has("events") && !f.has("rate")) {
            throw new IllegalArgumentException("give --events, --rate or both");
        }
        int sensors = (int) f.number("sensors", 0, 1, 100_000);
        Long events = f.has("events") ? f.number("events", 0, 0, Long.MAX_VALUE) : null;
        Integer rate = f.has("rate") ? (int) f.number("rate", 0, 1, Integer.MAX_VALUE) : null;
        long seed = f.number("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        return new SimulatorOptions(bootstrap, topic, sensors, events, rate, seed);
    }
}
