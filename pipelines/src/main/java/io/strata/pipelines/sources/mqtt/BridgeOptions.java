package io.strata.pipelines.sources.mqtt;

import io.strata.pipelines.sources.Flags;
import java.util.Set;
import java.util.function.Function;

/**
 * MqttBridge's command line (see OPTIONS.md in this package).
 *
 * @param healthPort HTTP health port, or -1 for none
 * @param username   null when clients need no credentials
 */
record BridgeOptions(String bootstrap, String topic, String bind, int port, int healthPort, TopicFilter filter,
                     RecordMapping mapping, String username, String password, int maxInflight, int maxMessageBytes) {

    static final String USAGE = "--bootstrap HOST:PORT[,..] --topic T [--port 1883] [--bind 0.0.0.0] [--health-port N]"
            + " [--filter '#'] [--key none|topic:N|field:NAME] [--payload raw|wrapped]"
            + " [--username U --password P|--password-env VAR]"
            + " [--max-inflight 1000] [--max-message-bytes 262144]";
    private static final Set<String> NAMES = Set.of("bootstrap", "topic", "port", "bind", "health-port", "filter", "key",
            "payload", "username", "password", "password-env", "max-inflight", "max-message-bytes");

    /** @throws IllegalArgumentException with a one-line reason */
    static BridgeOptions parse(String[] args) {
        return parse(args, System::getenv);
    }

    static BridgeOptions parse(String[] args, Function<String, String> env) {
        Flags f = Flags.parse(args, NAMES);
        String bootstrap = f.required("bootstrap");
        String topic = f.required("topic");
        String password = f.password(env);
        TopicFilter filter;
        try {
            filter = TopicFilter.parse(f.text("filter", "#"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--filter: " + e.getMessage());
        }
        return new BridgeOptions(bootstrap, topic, f.text("bind", "0.0.0.0"), (int) f.number("port", 1883, 0, 65535),
                (int) f.number("health-port", -1, 0, 65535), filter,
                RecordMapping.parse(f.text("key", "none"), f.text("payload", "raw")),
                f.text("username", null), password,
                (int) f.number("max-inflight", 1000, 1, 65535),
                (int) f.number("max-message-bytes", 262_144, 1024, 268_435_455));
    }
}
