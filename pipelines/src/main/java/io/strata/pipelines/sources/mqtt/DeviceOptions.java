package io.strata.pipelines.sources.mqtt;

import io.strata.pipelines.sources.Flags;
import java.util.Set;
import java.util.function.Function;

/**
 * MqttDevices' command line (see OPTIONS.md in this package).
 *
 * @param rate       messages per second for all devices together, or 0 for as fast as acks come
 * @param ackedFile  where to list acknowledged messages, or null
 */
record DeviceOptions(String host, int port, int devices, int messages, double rate, int qos, String topicTemplate,
                     String username, String password, int maxInflight, String ackedFile, int giveUpSeconds, long seed) {

    static final String USAGE = "--broker HOST:PORT --messages M [--devices 1] [--rate R] [--qos 1]"
            + " [--topic 'devices/{device}/readings'] [--username U --password P|--password-env VAR] [--max-inflight 100]"
            + " [--acked-file PATH] [--give-up-after 60] [--seed 0]";
    private static final Set<String> NAMES = Set.of("broker", "messages", "devices", "rate", "qos", "topic", "username",
            "password", "password-env", "max-inflight", "acked-file", "give-up-after", "seed");

    /** @throws IllegalArgumentException with a one-line reason */
    static DeviceOptions parse(String[] args) {
        return parse(args, System::getenv);
    }

    static DeviceOptions parse(String[] args, Function<String, String> env) {
        Flags f = Flags.parse(args, NAMES);
        String broker = f.required("broker");
        int colon = broker.lastIndexOf(':');
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(broker.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--broker: '" + broker + "' is not HOST:PORT with a port from 1 to 65535");
        }
        int messages = (int) f.number("messages", -1, 0, Integer.MAX_VALUE);
        if (messages < 0) {
            throw new IllegalArgumentException("missing --messages");
        }
        String template = f.text("topic", "devices/{device}/readings");
        String problem = TopicFilter.problemWithTopicName(template.replace("{device}", "device-0000"));
        if (problem != null) {
            throw new IllegalArgumentException("--topic: " + problem);
        }
        String password = f.password(env);
        return new DeviceOptions(broker.substring(0, colon), port, (int) f.number("devices", 1, 1, 10_000), messages,
                f.number("rate", 0, 0, 1_000_000), (int) f.number("qos", 1, 0, 1), template,
                f.text("username", null), password, (int) f.number("max-inflight", 100, 1, 65535),
                f.text("acked-file", null), (int) f.number("give-up-after", 60, 1, 86_400), f.number("seed", 0,
                Long.MIN_VALUE, Long.MAX_VALUE));
    }

    String deviceId(int index) {
        return String.format("device-%04d", index);
    }

    String topicOf(String deviceId) {
        return topicTemplate.replace("{device}", deviceId);
    }
}
