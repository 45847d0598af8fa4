package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.pipelines.Action.CreateApp;
import io.strata.pipelines.Action.CreateService;
import io.strata.pipelines.Action.DeleteApp;
import io.strata.pipelines.Action.DeleteService;
import io.strata.pipelines.Action.KillJob;
import io.strata.pipelines.Action.KillSource;
import io.strata.pipelines.Action.StartSource;
import io.strata.pipelines.Action.SubmitJob;
import io.strata.pipelines.PipelineRecord.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.strata.pipelines.PlannerHarness.of;
import static io.strata.pipelines.PlannerHarness.seen;
import static org.assertj.core.api.Assertions.assertThat;

/** A pipeline's apps and its mqtt source (an app) and simulated devices, as the planner runs them. */
class AppsInPipelinesTest {

    static final String IOT = """
            name: iot
            services:
              kafka:
                topics: [{name: readings}]
              cassandra:
                schema: "CREATE KEYSPACE k WITH replication = {'class':'SimpleStrategy','replication_factor':1};"
            apps:
              registry:
                command: [serve, --kafka, "${kafka.bootstrap}", --port, "${PORT_HTTP}"]
                ports: [{name: http}]
              dashboard:
                command: "dash --registry ${registry.endpoints.http} --mqtt ${gateway.endpoints}"
                ports: [web]
            jobs:
              agg:
                kind: streaming
                class: com.example.Agg
                jar: app.jar
                input: kafka/readings
                args: ["${kafka.bootstrap}", "${cassandra.contactPoints}", "${registry.endpoints}"]
            sources:
              gateway:
                type: mqtt
                topic: readings
                options: {key: "field:device_id"}
              devices:
                type: mqtt-devices
                mqtt: gateway
                devices: 2
                messages: 50
                rate: 20
            """;

    @TempDir
    Path dir;

    /** Services run, apps healthy, the job's driver runs: what a started pipeline sees. */
    static PlannerHarness.Seen up() {
        return seen().services(ServiceState.RUNNING).app("registry", "RUNNING", 1, 1, "http")
                .app("gateway", "RUNNING", 1, 1, "mqtt").app("dashboard", "RUNNING", 1, 1, "web")
                .driver("agg", RunState.RUNNING, 1);
    }

    @Test
    void appsComeAfterTheServicesTheyReferToAndWhatUsesTheirEndpointsWaitsUntilTheyAreHealthy() {
        PlannerHarness h = new PlannerHarness(dir, IOT);
        assertThat(h.step(seen())).allMatch(CreateService.class::isInstance);
        assertThat(h.record().apps().get("registry").reason()).isEqualTo("waiting for kafka");
        assertThat(h.record().apps().get("gateway").reason()).isEqualTo("waiting for kafka");
        assertThat(h.record().apps().get("dashboard").reason()).isEqualTo("waiting for registry, gateway");

        List<Action> second = h.step(seen().services(ServiceState.RUNNING));
        List<CreateApp> created = of(second, CreateApp.class);
        assertThat(created).extracting(CreateApp::name).containsExactly("iot-registry");
        assertThat(created.get(0).definition().get("command")).as("pipeline references resolved, the app's own kept")
                .isEqualTo(List.of("serve", "--kafka", "127.0.0.1:30000", "--port", "${PORT_HTTP}"));
        assertThat(of(second, SubmitJob.class)).as("the job refers to the registry's endpoints").isEmpty();
        assertThat(h.record().jobs().get("agg").reason()).isEqualTo("waiting for registry");
        assertThat(h.record().apps().get("gateway").reason()).as("the mqtt source writes to the job's topic")
                .isEqualTo("waiting for job agg to run with its executors");
        assertThat(h.record().sources().get("devices").reason()).isEqualTo("waiting for gateway");

        List<Action> third = h.step(seen().services(ServiceState.RUNNING).app("registry", "RUNNING", 1, 1, "http"));
        assertThat(third).extracting(a -> a.getClass().getSimpleName()).containsExactly("SubmitJob");
        assertThat(of(third, SubmitJob.class).get(0).submission().args())
                .containsExactly("127.0.0.1:30000", "127.0.0.2:30001", "127.0.0.3:31000");

        List<Action> fourth = h.step(seen().services(ServiceState.RUNNING).app("registry", "RUNNING", 1, 1, "http")
                .driver("agg", RunState.RUNNING, 1));
        assertThat(fourth).extracting(Action::key).as("the job runs with its executor: its source may write")
                .containsExactly("gateway");
        CreateApp gateway = of(fourth, CreateApp.class).get(0);
        assertThat(gateway.definition()).containsEntry("instances", "1")
                .containsEntry("ports", List.of(Map.of("name", "mqtt")))
                .containsEntry("healthCheck", Map.of("type", "tcp", "port", "mqtt", "gracePeriod", "60s",
                        "interval", "2s", "timeout", "1s", "maxFailures", "3"));
        assertThat(gateway.definition().get("command").toString())
                .endsWith("-cp, cp, io.strata.pipelines.sources.mqtt.MqttBridge, --bootstrap, 127.0.0.1:30000,"
                        + " --topic, readings, --port, ${PORT_MQTT}, --bind, ${HOST}, --key, field:device_id]");

        List<Action> fifth = h.step(seen().services(ServiceState.RUNNING).app("registry", "RUNNING", 1, 1, "http")
                .app("gateway", "RUNNING", 1, 1, "mqtt").driver("agg", RunState.RUNNING, 1));
        assertThat(of(fifth, CreateApp.class).get(0).definition().get("command"))
                .isEqualTo("dash --registry 127.0.0.3:31000 --mqtt 127.0.0.3:31000");
        assertThat(of(fifth, StartSource.class).get(0).task().command()).containsSequence(
                "io.strata.pipelines.sources.mqtt.MqttDevices", "--broker", "127.0.0.3:31000", "--devices", "2",
                "--messages", "50", "--seed", "1", "--rate", "20");
        assertThat(h.record().state()).as("the dashboard is not healthy yet").isEqualTo(State.STARTING);

        h.step(up());
        assertThat(h.record().state()).isEqualTo(State.RUNNING);
    }

    /**
     * The IOT pipeline, stepped until it runs: the services; the registry; the job; the gateway once
     * the job has its executor; the dashboard and the devices once the gateway is healthy.
     */
    private PlannerHarness running() {
        PlannerHarness h = new PlannerHarness(dir, IOT);
        h.step(seen());
        h.step(seen().services(ServiceState.RUNNING));
        for (int i = 0; i < 4; i++) {
            h.step(up());
        }
        assertThat(h.record().state()).isEqualTo(State.RUNNING);
        return h;
    }

    @Test
    void anHttpSourceIsAnIngestAppOnItsPortCheckedOnItsHealthPath() {
        PlannerHarness h = new PlannerHarness(dir, """
                name: web
                services:
                  kafka: {topics: [{name: events}]}
                sources:
                  ingest:
                    type: http
                    topic: events
                    port: 30180
                    options: {path: /v1/events, host: 0.0.0.0}
                """);
        h.step(seen());
        CreateApp ingest = of(h.step(seen().service("kafka", ServiceState.RUNNING)), CreateApp.class).get(0);
        assertThat(ingest.name()).isEqualTo("web-ingest");
        assertThat(ingest.definition()).containsEntry("ports", List.of(Map.of("name", "http", "port", "30180")))
                .containsEntry("healthCheck", Map.of("type", "http", "port", "http", "path", "/health",
                        "gracePeriod", "60s", "interval", "2s", "timeout", "1s", "maxFailures", "3"));
        assertThat(ingest.definition().get("command").toString()).as("the file's host instead of the agent's")
                .endsWith("io.strata.pipelines.sources.http.HttpIngest, --bootstrap, 127.0.0.1:30000, --topic, events,"
                        + " --port, ${PORT_HTTP}, --path, /v1/events, --host, 0.0.0.0]");
        h.step(seen().service("kafka", ServiceState.RUNNING).app("ingest", "RUNNING", 1, 1, "http"));
        assertThat(h.record().state()).isEqualTo(State.RUNNING);
        for (int i = 0; i < 6; i++) {
            h.step(seen().service("kafka", ServiceState.RUNNING).app("ingest", "RUNNING", 1, 1, "http")
                    .offsets(Map.of("kafka/events", 10L), Map.of()));
        }
        assertThat(h.record().eventsProduced()).isEqualTo(10);
        assertThat(h.record().state()).as("endpoints never drain: devices may always send more")
                .isEqualTo(State.RUNNING);
    }

    @Test
    void theAppsApiReadsEveryDefinitionThePipelinePosts() throws Exception {
        PlannerHarness h = running();
        for (CreateApp a : of(h.actions, CreateApp.class)) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(a.definition());
            body.put("name", a.name());
            io.strata.apps.AppDefinition d = io.strata.apps.AppFile.parse(a.name(),
                    LocalApi.MAPPER.writeValueAsString(body));
            assertThat(d.name()).isEqualTo(a.name());
            assertThat(d.instances()).isEqualTo(1);
        }
        assertThat(of(h.actions, CreateApp.class)).hasSize(3);
    }

    @Test
    void anAppWithAnInstanceNotYetHealthyHoldsBackWhatRefersToIt() {
        PlannerHarness h = new PlannerHarness(dir, IOT);
        h.step(seen());
        h.step(seen().services(ServiceState.RUNNING));
        h.step(seen().services(ServiceState.RUNNING).app("registry", "RUNNING", 2, 1, "http"));
        assertThat(h.record().apps().get("registry").ready()).isFalse();
        assertThat(h.record().apps().get("registry").reason()).isEqualTo("waiting for health");
        assertThat(h.record().jobs().get("agg").submitted()).isFalse();
    }

    @Test
    void stopTakesDownSourcesAndJobsThenTheAppsInReverseOrderThenTheServices() {
        PlannerHarness h = running();
        h.step(up().task("devices", RunState.RUNNING));
        h.stop(false);

        List<Action> first = h.step(up().task("devices", RunState.RUNNING));
        assertThat(first).extracting(a -> a.getClass().getSimpleName() + " " + a.key())
                .containsExactlyInAnyOrder("KillSource devices", "KillJob agg", "DeleteApp gateway");

        List<Action> second = h.step(up().task("devices", RunState.KILLED).driver("agg", RunState.KILLED, 0)
                .appMissing("gateway").executorsLeft(0));
        assertThat(second).extracting(a -> a.getClass().getSimpleName() + " " + a.key())
                .containsExactly("DeleteApp dashboard");

        List<Action> third = h.step(seen().services(ServiceState.RUNNING).app("registry", "RUNNING", 1, 1, "http")
                .appMissing("dashboard").executorsLeft(0));
        assertThat(third).extracting(a -> a.getClass().getSimpleName() + " " + a.key())
                .containsExactly("DeleteApp registry");

        List<Action> fourth = h.step(seen().services(ServiceState.RUNNING).appMissing("registry").executorsLeft(0));
        assertThat(of(fourth, DeleteService.class)).extracting(Action::key).containsExactly("kafka", "cassandra");
        assertThat(of(h.actions, KillSource.class)).hasSize(1);
        assertThat(of(h.actions, KillJob.class)).hasSize(1);
        assertThat(of(h.actions, DeleteApp.class)).hasSize(3);
    }

    @Test
    void anAppThatDisappearsFailsTheRunningPipelineAndARefusedOneFailsItWithTheProblems() {
        PlannerHarness h = running();
        h.step(up().appMissing("dashboard"));
        assertThat(h.record().state()).isEqualTo(State.FAILED);
        assertThat(h.record().reason()).isEqualTo("apps.dashboard: app iot-dashboard no longer exists");

        PlannerHarness refused = new PlannerHarness(dir, IOT);
        refused.cluster = a -> a instanceof CreateApp c && c.key().equals("gateway")
                ? new Outcome.Refused(a, "the app file has problems; cpus: must be a number") : PlannerHarness.done(a);
        refused.step(seen());
        refused.step(seen().services(ServiceState.RUNNING));
        refused.step(up());
        refused.step(up());
        assertThat(refused.record().reason()).isEqualTo("sources.gateway: the cluster refused app iot-gateway: the app"
                + " file has problems; cpus: must be a number");
    }

    @Test
    void statusShowsEachAppWithItsEndpointsAndTheMqttSourceWithTheAddressDevicesUse() {
        PlannerHarness h = running();
        JsonNode status = PipelineJson.status(h.record());
        assertThat(status.path("apps")).hasSize(3);
        JsonNode registry = status.path("apps").get(0);
        assertThat(registry.path("name").asText()).isEqualTo("iot-registry");
        assertThat(registry.path("source").isNull()).isTrue();
        assertThat(registry.path("healthy").asInt()).isEqualTo(1);
        assertThat(registry.path("endpoints_by_port").path("http").get(0).asText()).isEqualTo("127.0.0.3:31000");
        JsonNode gateway = status.path("sources").get(1);
        assertThat(gateway.path("name").asText()).isEqualTo("gateway");
        assertThat(gateway.path("type").asText()).isEqualTo("mqtt");
        assertThat(gateway.path("app").asText()).isEqualTo("iot-gateway");
        assertThat(gateway.path("endpoints").get(0).asText()).isEqualTo("127.0.0.3:31000");
        assertThat(status.path("graph").path("edges").toString()).contains("\"from\":\"source:gateway\"");
        List<String> appNodes = new java.util.ArrayList<>();
        status.path("graph").path("nodes").forEach(n -> {
            if (n.path("kind").asText().equals("app")) {
                appNodes.add(n.path("id").asText() + " " + n.path("label").asText() + " " + n.path("state").asText());
            }
        });
        assertThat(appNodes).as("the apps: entries are drawn too, each with its state")
                .containsExactlyInAnyOrder("app:registry registry (app) RUNNING", "app:dashboard dashboard (app) RUNNING");
    }
}
