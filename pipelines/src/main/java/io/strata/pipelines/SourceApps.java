package io.strata.pipelines;

import io.strata.pipelines.spec.PipelineSpec.SourceSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The programs behind the device sources, as Strata runs them: an mqtt source is an app running
 * {@code MqttBridge} (health: a TCP connection to its MQTT port), an http source an app running
 * {@code HttpIngest} (health: {@code GET /health}), one instance each on a named port given as
 * {@code --port ${PORT_MQTT}} / {@code ${PORT_HTTP}}, listening on the agent's address ({@code ${HOST}}: agents
 * may share a machine) unless the options say otherwise; mqtt-devices is a task running {@code MqttDevices}.
 */
final class SourceApps {

    static final String BRIDGE_MAIN = "io.strata.pipelines.sources.mqtt.MqttBridge";
    static final String INGEST_MAIN = "io.strata.pipelines.sources.http.HttpIngest";
    static final String DEVICES_MAIN = "io.strata.pipelines.sources.mqtt.MqttDevices";

    private SourceApps() {
    }

    /** The app of an mqtt or http source; its Kafka's bootstrap is a reference, resolved when it is created. */
    static AppStage stage(SourceSpec s, PipelinesSettings settings) {
        boolean mqtt = SourceSpec.MQTT.equals(s.type());
        String port = s.type();
        List<String> command = new ArrayList<>(settings.javaCommand(mqtt ? BRIDGE_MAIN : INGEST_MAIN));
        command.addAll(List.of("--bootstrap", "${" + s.kafka() + ".bootstrap}", "--topic", s.topic(), "--port",
                "${PORT_" + port.toUpperCase(java.util.Locale.ROOT) + "}"));
        String bind = mqtt ? "bind" : "host";
        if (!s.options().containsKey(bind)) {
            command.addAll(List.of("--" + bind, "${HOST}"));
        }
        s.options().forEach((k, v) -> command.addAll(List.of("--" + k, v)));
        Map<String, Object> portSpec = new LinkedHashMap<>();
        portSpec.put("name", port);
        if (s.port() != null) {
            portSpec.put("port", s.port().toString());
        }
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("type", mqtt ? "tcp" : "http");
        health.put("port", port);
        if (!mqtt) {
            health.put("path", "/health");
        }
        health.put("gracePeriod", "60s");
        health.put("interval", "2s");
        health.put("timeout", "1s");
        health.put("maxFailures", "3");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("command", command);
        d.put("instances", "1");
        d.put("cpus", Double.toString(settings.sourceCpus()));
        d.put("mem", settings.sourceMemMb() + "m");
        d.put("ports", List.of(portSpec));
        d.put("healthCheck", health);
        d.put("backoff", "1s");
        d.put("maxBackoff", "10s");
        // Devices keep the address they were given: a bridge that dies comes back on its agent and port.
        d.put("sticky", Map.of("for", "2m"));
        return new AppStage(s.key(), d, Set.of(s.kafka()), s.kafka() + "/" + s.topic());
    }

    /** MqttDevices publishing {@code events / devices} messages per device to {@code broker} (host:port). */
    static List<String> devicesCommand(SourceSpec s, PipelinesSettings settings, String broker) {
        List<String> c = new ArrayList<>(settings.javaCommand(DEVICES_MAIN));
        c.addAll(List.of("--broker", broker, "--devices", Integer.toString(s.sensors()), "--messages",
                Long.toString(s.events() / s.sensors()), "--seed", Long.toString(s.seed())));
        if (s.rate() != null) {
            c.addAll(List.of("--rate", s.rate().toString()));
        }
        s.options().forEach((k, v) -> c.addAll(List.of("--" + k, v)));
        return c;
    }
}
