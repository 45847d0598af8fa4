package io.strata.pipelines.spec;

import io.strata.spec.YamlMapping;

import io.strata.pipelines.spec.PipelineSpec.ServiceType;
import io.strata.pipelines.spec.PipelineSpec.SourceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The {@code sources} of a pipeline file: built-in event generators writing to Kafka. */
final class SourcesSection {

    static final String SENSOR_SIMULATOR = SourceSpec.SENSOR_SIMULATOR;
    static final List<String> TYPES =
            List.of(SENSOR_SIMULATOR, SourceSpec.MQTT, SourceSpec.HTTP, SourceSpec.MQTT_DEVICES);

    private static final List<String> KEYS = List.of("type", "kafka", "topic", "sensors", "events", "rate", "seed");
    private static final List<String> ENDPOINT_KEYS = List.of("type", "kafka", "topic", "port", "options");
    private static final List<String> DEVICES_KEYS =
            List.of("type", "mqtt", "devices", "messages", "rate", "seed", "options");
    private static final List<String> ALL_KEYS = java.util.stream.Stream.of(KEYS, ENDPOINT_KEYS, DEVICES_KEYS)
            .flatMap(List::stream).distinct().toList();
    /** HttpIngest's flags the file may set (bootstrap, topic and port are the pipeline's). */
    static final List<String> HTTP_OPTIONS = List.of("path", "max-body-bytes", "max-events", "required",
            "key-field", "token-env", "ack-timeout-ms", "threads", "host");
    /** MqttBridge's flags the file may set (bootstrap, topic and port are the pipeline's). */
    static final List<String> MQTT_OPTIONS = List.of("filter", "key", "payload", "username", "password",
            "max-inflight", "max-message-bytes", "bind");
    /** MqttDevices' flags the file may set (broker, devices, messages, rate and seed are the pipeline's). */
    static final List<String> DEVICES_OPTIONS =
            List.of("topic", "qos", "username", "password", "max-inflight", "give-up-after");

    private static final int MAX_SENSORS = 100_000;
    private static final long DEFAULT_SEED = 1;

    private SourcesSection() {
    }

    /** The sources that are complete enough to build, in file order. */
    static Map<String, SourceSpec> read(YamlMapping sources, Catalog catalog) {
        Map<String, SourceSpec> read = new LinkedHashMap<>();
        if (sources == null) {
            return read;
        }
        for (YamlMapping.Entry e : sources.entries()) {
            YamlMapping m = YamlMapping.of(e, sources.child(e.key()), sources.problems(),
                    "a mapping of the source's settings, e.g. {type: sensor-simulator, topic: readings, sensors: 20}");
            SourceSpec source = m == null ? null : source(e.key(), m, catalog);
            if (source != null) {
                read.put(e.key(), source);
            }
        }
        for (YamlMapping.Entry e : sources.entries()) {
            SourceSpec s = read.get(e.key());
            if (s != null && SourceSpec.MQTT_DEVICES.equals(s.type())) {
                SourceSpec mqtt = read.get(s.mqtt());
                YamlMapping m = YamlMapping.of(e, sources.child(e.key()), sources.problems(), "a mapping");
                if (mqtt != null && SourceSpec.MQTT.equals(mqtt.type())) {
                    read.put(e.key(), new SourceSpec(s.key(), s.type(), mqtt.kafka(), mqtt.topic(), s.sensors(),
                            s.events(), s.rate(), s.seed(), s.mqtt(), null, s.options()));
                } else {
                    List<String> brokers = read.values().stream().filter(x -> SourceSpec.MQTT.equals(x.type()))
                            .map(SourceSpec::key).toList();
                    if (!catalog.sourceKeys().contains(s.mqtt()) || mqtt != null) {
                        m.problem("mqtt", "'" + s.mqtt() + "' is not an mqtt source" + (brokers.isEmpty()
                                ? "; declare one under sources, e.g. {type: mqtt, topic: readings}"
                                : "; mqtt sources: " + String.join(", ", brokers)));
                    }
                    read.remove(e.key());
                }
            }
        }
        return read;
    }

    private static SourceSpec source(String key, YamlMapping m, Catalog catalog) {
        String type = m.requiredText("type", "give one of " + String.join(", ", TYPES));
        if (type != null && !TYPES.contains(type)) {
            m.problem("type", "'" + type + "' is not a source type" + io.strata.spec.Suggestions.didYouMean(type,
                    TYPES, "use one of " + String.join(", ", TYPES)));
        }
        if (type == null || !TYPES.contains(type)) {
            simulator(key, m, catalog, false);
            return null;
        }
        return switch (type) {
            case SourceSpec.MQTT, SourceSpec.HTTP -> endpoint(key, type, m, catalog);
            case SourceSpec.MQTT_DEVICES -> devices(key, m);
            default -> simulator(key, m, catalog, true);
        };
    }

    /** A sensor simulator; also checks the common keys of a source whose type is unknown ({@code typed} false). */
    private static SourceSpec simulator(String key, YamlMapping m, Catalog catalog, boolean typed) {
        m.allowOnly(typed ? KEYS : ALL_KEYS);
        String kafka = catalog.service(m, "kafka", ServiceType.KAFKA, "to write to");
        String topic = topic(m, catalog, kafka);
        Integer sensors = m.has("sensors") ? m.wholeInt("sensors", 1, MAX_SENSORS)
                : missing(m, "sensors", "give how many sensors to simulate, 1 to " + MAX_SENSORS);
        Long events = m.whole("events", 1, Long.MAX_VALUE);
        Long rate = m.whole("rate", 1, Integer.MAX_VALUE);
        if (!m.has("events") && !m.has("rate")) {
            m.problems().add(m.node(), m.path(), "give events (how many to produce), rate (events per second) or both");
        }
        Long seed = m.has("seed") ? m.whole("seed", Long.MIN_VALUE, Long.MAX_VALUE) : Long.valueOf(DEFAULT_SEED);
        if (kafka == null || topic == null || sensors == null || seed == null) {
            return null;
        }
        return new SourceSpec(key, SENSOR_SIMULATOR, kafka, topic, sensors, events,
                rate == null ? null : rate.intValue(), seed);
    }

    /** An mqtt or http source: an app the pipeline runs, writing what devices send to the topic. */
    private static SourceSpec endpoint(String key, String type, YamlMapping m, Catalog catalog) {
        m.allowOnly(ENDPOINT_KEYS);
        String kafka = catalog.service(m, "kafka", ServiceType.KAFKA, "to write to");
        String topic = topic(m, catalog, kafka);
        Integer port = m.wholeInt("port", 1, 65535);
        Map<String, String> options = options(m, type.equals(SourceSpec.HTTP) ? HTTP_OPTIONS : MQTT_OPTIONS);
        if (kafka == null || topic == null || options == null || m.has("port") && port == null) {
            return null;
        }
        return new SourceSpec(key, type, kafka, topic, 0, null, null, DEFAULT_SEED, null, port, options);
    }

    /** Simulated devices publishing to an mqtt source; its kafka and topic are filled in by {@link #read}. */
    private static SourceSpec devices(String key, YamlMapping m) {
        m.allowOnly(DEVICES_KEYS);
        String mqtt = m.requiredText("mqtt", "give the key of the mqtt source the devices publish to");
        Integer devices = m.has("devices") ? m.wholeInt("devices", 1, MAX_SENSORS)
                : missing(m, "devices", "give how many devices to simulate, 1 to " + MAX_SENSORS);
        Long messages = m.whole("messages", 1, Integer.MAX_VALUE);
        if (!m.has("messages")) {
            m.missing("messages", "give how many messages each device publishes");
        }
        Long events = messages == null || devices == null ? null : messages * devices;
        Long rate = m.whole("rate", 1, Integer.MAX_VALUE);
        Long seed = m.has("seed") ? m.whole("seed", Long.MIN_VALUE, Long.MAX_VALUE) : Long.valueOf(DEFAULT_SEED);
        Map<String, String> options = options(m, DEVICES_OPTIONS);
        if (mqtt == null || events == null || seed == null || options == null) {
            return null;
        }
        return new SourceSpec(key, SourceSpec.MQTT_DEVICES, null, null, devices, events,
                rate == null ? null : rate.intValue(), seed, mqtt, null, options);
    }

    private static String topic(YamlMapping m, Catalog catalog, String kafka) {
        String topic = m.requiredText("topic", "give the topic to write to, e.g. readings");
        if (topic != null) {
            catalog.checkTopic(m.scalar("topic"), 0, m.child("topic"), kafka, topic, m.problems());
        }
        return topic;
    }

    /** {@code options}: more flags of the program, each a single value; null when one is wrong. */
    private static Map<String, String> options(YamlMapping m, List<String> known) {
        YamlMapping o = m.mapping("options", "a mapping of the program's options without '--', e.g. {"
                + known.get(0) + ": ...}");
        Map<String, String> out = new LinkedHashMap<>();
        if (o == null) {
            return m.has("options") ? null : out;
        }
        boolean fine = true;
        for (YamlMapping.Entry e : o.entries()) {
            if (!known.contains(e.key())) {
                o.problems().add(e.keyNode(), o.child(e.key()), "unknown option '" + e.key() + "'"
                        + io.strata.spec.Suggestions.didYouMean(e.key(), known, "known options: " + String.join(", ",
                        known)));
                fine = false;
                continue;
            }
            String value = o.text(e.key());
            if (value == null) {
                fine = false;
            } else {
                out.put(e.key(), value);
            }
        }
        return fine ? out : null;
    }

    private static Integer missing(YamlMapping m, String key, String hint) {
        m.missing(key, hint);
        return null;
    }
}
