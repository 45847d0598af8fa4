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

    static final String SENSOR_SIMULATOR = "sensor-simulator";

    private static final List<String> KEYS = List.of("type", "kafka", "topic", "sensors", "events", "rate", "seed");
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
        return read;
    }

    private static SourceSpec source(String key, YamlMapping m, Catalog catalog) {
        m.allowOnly(KEYS);
        String type = m.requiredText("type", "the only source type is " + SENSOR_SIMULATOR);
        if (type != null && !type.equals(SENSOR_SIMULATOR)) {
            m.problem("type", "'" + type + "' is not a source type; the only one is " + SENSOR_SIMULATOR);
            type = null;
        }
        String kafka = catalog.service(m, "kafka", ServiceType.KAFKA, "to write to");
        String topic = m.requiredText("topic", "give the topic to write to, e.g. readings");
        if (topic != null) {
            ScalarNode node = m.scalar("topic");
            catalog.checkTopic(node, 0, m.child("topic"), kafka, topic, m.problems());
        }
        Integer sensors = m.has("sensors") ? m.wholeInt("sensors", 1, MAX_SENSORS)
                : missing(m, "sensors", "give how many sensors to simulate, 1 to " + MAX_SENSORS);
        Long events = m.whole("events", 1, Long.MAX_VALUE);
        Long rate = m.whole("rate", 1, Integer.MAX_VALUE);
        if (!m.has("events") && !m.has("rate")) {
            m.problems().add(m.node(), m.path(), "give events (how many to produce), rate (events per second) or both");
        }
        Long seed = m.has("seed") ? m.whole("seed", Long.MIN_VALUE, Long.MAX_VALUE) : Long.valueOf(DEFAULT_SEED);
        if (type == null || kafka == null || topic == null || sensors == null || seed == null) {
            return null;
        }
        return new SourceSpec(key, type, kafka, topic, sensors, events, rate == null ? null : rate.intValue(), seed);
    }

    private static Integer missing(YamlMapping m, String key, String hint) {
        m.missing(key, hint);
        return null;
    }
}
