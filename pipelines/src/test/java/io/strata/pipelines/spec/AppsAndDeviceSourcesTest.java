package io.strata.pipelines.spec;

import io.strata.spec.Problem;

import io.strata.pipelines.spec.PipelineSpec.AppSpec;
import io.strata.pipelines.spec.PipelineSpec.SourceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.strata.pipelines.spec.SpecFixtures.parse;
import static io.strata.pipelines.spec.SpecFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

/** A pipeline file's {@code apps} (checked as app files are) and its mqtt, http and mqtt-devices sources. */
class AppsAndDeviceSourcesTest {

    private static final String WITH_APPS = """
            name: shop
            services:
              kafka: {topics: [{name: orders}]}
            apps:
              registry:
                command: [java, -jar, registry.jar, --kafka, "${kafka.bootstrap}", --port, "${PORT_HTTP}"]
                instances: 2
                mem: 256m
                ports: [{name: http}, {name: admin}]
                healthCheck: {type: http, port: http, path: /health}
              web: {command: "serve --registry ${registry.endpoints.http} --all ${registry.endpoints}", ports: [web]}
            sources:
              gateway:
                type: mqtt
                topic: orders
                port: 1883
              ingest:
                type: http
                topic: orders
                options: {path: /v1/events, max-body-bytes: 65536}
              devices:
                type: mqtt-devices
                mqtt: gateway
                devices: 10
                messages: 50
                rate: 100
            """;

    @TempDir
    Path dir;

    @Test
    void appsAreReadAsWrittenWithTheirPortsAndReferencesLeftForStartTime() throws Exception {
        PipelineSpec spec = parse(WITH_APPS, dir);
        assertThat(spec.apps()).containsOnlyKeys("registry", "web");
        AppSpec registry = spec.apps().get("registry");
        assertThat(registry.ports()).containsExactly("http", "admin");
        assertThat(registry.definition()).containsEntry("instances", "2").containsEntry("mem", "256m")
                .containsEntry("command", List.of("java", "-jar", "registry.jar", "--kafka", "${kafka.bootstrap}",
                        "--port", "${PORT_HTTP}"))
                .containsEntry("healthCheck", Map.of("type", "http", "port", "http", "path", "/health"))
                .doesNotContainKeys("name", "group");
        assertThat(spec.apps().get("web").definition().get("command"))
                .isEqualTo("serve --registry ${registry.endpoints.http} --all ${registry.endpoints}");
    }

    @Test
    void deviceSourcesAreReadWithTheDevicesWritingThroughTheirBroker() throws Exception {
        PipelineSpec spec = parse(WITH_APPS, dir);
        assertThat(spec.sources().get("gateway")).isEqualTo(new SourceSpec("gateway", "mqtt", "kafka", "orders", 0,
                null, null, 1, null, 1883, Map.of()));
        assertThat(spec.sources().get("ingest").options())
                .containsExactly(Map.entry("path", "/v1/events"), Map.entry("max-body-bytes", "65536"));
        assertThat(spec.sources().get("ingest").endpoint()).isTrue();
        assertThat(spec.sources().get("devices")).isEqualTo(new SourceSpec("devices", "mqtt-devices", "kafka",
                "orders", 10, 500L, 100, 1, "gateway", null, Map.of()));
    }

    @Test
    void anAppEntryIsCheckedByTheAppFileRulesAtTheFilesLinesWithItsPath() {
        assertThat(problems("""
                name: shop
                apps:
                  web:
                    command: [serve, "${PORT_WEB}"]
                    instances: many
                    healthCheck: {type: http, port: admin}
                  api: {command: run, mem: 1x}
                """, dir)).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:4:14: apps.web.command: '${PORT_WEB}' names no port of the app; declare it under"
                        + " ports, e.g. ports: [{name: web}]",
                "pipeline.yaml:5:16: apps.web.instances: must be a whole number, got 'many'",
                "pipeline.yaml:6:37: apps.web.healthCheck.port: 'admin' is not a port of the app; declare it under"
                        + " ports, e.g. ports: [{name: admin}]",
                "pipeline.yaml:7:28: apps.api.mem: '1x' is not a size; " + io.strata.spec.Numbers.SIZE_FORMS);
    }

    @Test
    void nameAndGroupAreThePipelinesAndReferencesMustBeKnown() {
        assertThat(problems("""
                name: shop
                services:
                  kafka: {topics: [{name: orders}]}
                apps:
                  first: {command: "run ${second.endpoints} ${kafka.bootstrapp} ${HOME}", name: x}
                  second: {command: "run ${first.endpoints} ${second.endpoints}", group: ops}
                  third: {command: "run ${first.endpoints.http} ${kafka.bootstrap}"}
                """, dir)).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:5:81: apps.first.name: leave name out: the app is named shop-first (the pipeline's"
                        + " name and the key)",
                "pipeline.yaml:6:74: apps.second.group: leave group out: a pipeline's apps run in the pipeline's"
                        + " group (set 'group' at the top of the file)",
                "pipeline.yaml:7:25: apps.third.command: unresolvable reference ${first.endpoints.http}; valid here:"
                        + " ${kafka.bootstrap}, ${pipeline.name}");
    }

    @Test
    void anAppRefersOnlyToAppsAboveIt() {
        assertThat(problems("""
                name: shop
                apps:
                  first: {command: "run ${second.endpoints}"}
                  second: {command: "run ${first.endpoints} ${second.endpoints}"}
                """, dir)).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:3:25: apps.first.command: unresolvable reference ${second.endpoints}; valid here:"
                        + " ${pipeline.name}",
                "pipeline.yaml:4:45: apps.second.command: unresolvable reference ${second.endpoints}; valid here:"
                        + " ${first.endpoints}, ${pipeline.name}");
    }

    @Test
    void jobsAndChecksMayReferToEndpoints() throws Exception {
        SpecFixtures.jar(dir.resolve("app.jar"), "com.example.Agg");
        PipelineSpec spec = parse(WITH_APPS + """
                jobs:
                  agg:
                    kind: batch
                    class: com.example.Agg
                    jar: app.jar
                    args: ["${gateway.endpoints.mqtt}", "${ingest.endpoints}", "${registry.endpoints.admin}"]
                """, dir);
        assertThat(spec.jobs().get("agg").args()).hasSize(3);
    }

    @Test
    void theIotMqttSampleIsAPipelineOfAnMqttBrokerDevicesAndAStreamingJob() throws Exception {
        PipelineSpec spec = PipelineFile.read(Path.of("..", "samples", "iot-mqtt", "pipeline.yaml"));
        assertThat(spec.sources().get("gateway").endpoint()).isTrue();
        assertThat(spec.sources().get("devices").events()).isEqualTo(5000L);
        assertThat(spec.jobs().get("messages").input()).isEqualTo("kafka/device-messages");
        assertThat(spec.checks()).extracting(PipelineSpec.CheckSpec::expect)
                .containsExactly("total == 5000", "total <= ${events.produced}");
    }

    @Test
    void deviceSourcesAreChecked() {
        assertThat(problems("""
                name: shop
                services:
                  kafka: {topics: [{name: orders}]}
                sources:
                  ingest: {type: http, topic: orders, port: 70000, options: {pth: /x}}
                  devices: {type: mqtt-devices, mqtt: ingest, devices: 0}
                  more: {type: mqtt-devices, mqtt: nowhere, messages: 5, devices: 1, topic: orders}
                """, dir)).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:5:45: sources.ingest.port: must be between 1 and 65535, got 70000",
                "pipeline.yaml:5:62: sources.ingest.options.pth: unknown option 'pth'; did you mean 'path'? Known"
                        + " options: " + String.join(", ", SourcesSection.HTTP_OPTIONS),
                "pipeline.yaml:6:12: sources.devices.messages: missing; give how many messages each device publishes",
                "pipeline.yaml:6:56: sources.devices.devices: must be between 1 and 100000, got 0",
                "pipeline.yaml:7:36: sources.more.mqtt: 'nowhere' is not an mqtt source; declare one under sources,"
                        + " e.g. {type: mqtt, topic: readings}",
                "pipeline.yaml:7:70: sources.more: unknown key 'topic'; known keys: type, mqtt, devices, messages,"
                        + " rate, seed, options");
    }
}
