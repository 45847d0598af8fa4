package io.strata.kafka.cli;

import static io.strata.cli.StrataCli.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.FakeStrataApi;
import io.strata.cli.FakeStrataApi.Request;
import io.strata.cli.StrataCli;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code strata kafka} against a stand-in API: the generic service commands with Kafka's descriptor, and topics. */
class KafkaCliTest {

    static final String EVENTS = """
            {"name":"events","state":"RUNNING","reason":"","operation":"","bootstrap":"127.0.0.2:31000,127.0.0.3:31000",
             "brokers":[
               {"id":1,"state":"RUNNING","agentId":"agent-2","taskId":"kafka-events-broker-0","host":"127.0.0.2",
                "port":31000,"restarts":0,"reason":"ready"},
               {"id":2,"state":"RUNNING","agentId":"agent-3","taskId":"kafka-events-broker-1","host":"127.0.0.3",
                "port":31000,"restarts":2,"reason":"ready"}],
             "controllers":[
               {"id":1000,"state":"STARTING","agentId":null,"taskId":null,"host":null,"port":null,"restarts":0,
                "reason":"waiting for an offer"}]}""";

    @RegisterExtension
    final FakeStrataApi api = new FakeStrataApi();

    @Test
    void createSendsTheGivenOptionsByTheirApiNamesAndLeavesTheRestToTheApi() {
        api.onJson("POST", "/api/v1/kafka", 201, "{\"name\":\"events\",\"state\":\"DEPLOYING\"}");

        StrataCli run = api.strata("kafka", "create", "events", "--brokers", "2", "--broker-cpus", "0.5",
                "--broker-mem", "768");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Creating kafka events; follow it with 'strata kafka status events'.\n");
        assertThat(body(0)).isEqualTo(json("{\"name\":\"events\",\"brokers\":2,\"brokerCpus\":0.5,\"brokerMem\":768}"));
    }

    @Test
    void createWithWaitFollowsTheBrokersUntilRunningAndNamesTheBootstrapServers() {
        api.onJson("POST", "/api/v1/kafka", 201, "{\"name\":\"events\",\"state\":\"DEPLOYING\"}")
                .onJson("GET", "/api/v1/kafka/events", 200, EVENTS);

        StrataCli run = api.strata("kafka", "create", "events", "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                Creating kafka events...
                  broker 1: RUNNING on agent-2 - ready
                  broker 2: RUNNING on agent-3 - ready
                kafka events is running; bootstrap servers: 127.0.0.2:31000,127.0.0.3:31000
                """);
        assertThat(body(0)).isEqualTo(json("{\"name\":\"events\"}"));
    }

    @Test
    void createWithWaitAndJsonPrintsOnlyTheStatusAndShowsProgressOnStderr() {
        api.onJson("POST", "/api/v1/kafka", 201, "{\"name\":\"events\",\"state\":\"DEPLOYING\"}")
                .onJson("GET", "/api/v1/kafka/events", 200, EVENTS);

        StrataCli run = api.strata("kafka", "create", "events", "--wait", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(json(run.out())).isEqualTo(json(EVENTS));
        assertThat(run.err()).startsWith("Creating kafka events...\n  broker 1: RUNNING on agent-2 - ready\n");
    }

    @Test
    void statusShowsTheBootstrapServersAndEveryBrokerAndController() {
        api.onJson("GET", "/api/v1/kafka/events", 200, EVENTS);

        StrataCli run = api.strata("kafka", "status", "events");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                kafka events  RUNNING
                bootstrap  127.0.0.2:31000,127.0.0.3:31000
                auto-replace  off
                BROKER             STATE     AGENT    HOST       PORT   TASK                   RESTARTS  REASON
                1                  RUNNING   agent-2  127.0.0.2  31000  kafka-events-broker-0  0         ready
                2                  RUNNING   agent-3  127.0.0.3  31000  kafka-events-broker-1  2         ready
                1000 (controller)  STARTING  -        -          -      -                      0         waiting for an offer
                """);
        assertThat(json(api.strata("kafka", "status", "events", "--json").out())).isEqualTo(json(EVENTS));
    }

    @Test
    void listShowsOneClusterPerLineOrTheApisArray() {
        api.onJson("GET", "/api/v1/kafka", 200, "[" + EVENTS + "]");

        StrataCli table = api.strata("kafka", "list");
        StrataCli array = api.strata("kafka", "list", "--json");

        assertThat(table.out()).isEqualTo("""
                NAME    STATE    BROKERS  BOOTSTRAP
                events  RUNNING  2        127.0.0.2:31000,127.0.0.3:31000
                """);
        assertThat(json(array.out())).isEqualTo(json("[" + EVENTS + "]"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "scale events --brokers 3 | POST   | /api/v1/kafka/events/scale     | {\"brokers\":3} | kafka events has 3 brokers.",
        "replace events 2         | POST   | /api/v1/kafka/events/replace/2 | {}              | broker 2 replaced.",
        "restart events           | POST   | /api/v1/kafka/events/restart   | {}              | kafka events restarted.",
    })
    void operationsCallTheirPathAndFollowUntilTheClusterRunsAgain(String args, String method, String path, String body,
                                                                   String done) {
        api.onJson(method, path, 202, "{\"accepted\":true}").onJson("GET", "/api/v1/kafka/events", 200, EVENTS);

        StrataCli run = api.strata(("kafka " + args).split(" "));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).endsWith("\n" + done + "\n");
        assertThat(api.requests().get(0)).extracting(Request::method, Request::path).containsExactly(method, path);
        assertThat(body(0)).isEqualTo(json(body));
    }

    @Test
    void deleteFollowsUntilTheClusterIsGoneAndSaysSoInJson() {
        api.onJson("DELETE", "/api/v1/kafka/events", 202, "{\"accepted\":true}");

        StrataCli run = api.strata("kafka", "delete", "events", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(json(run.out())).isEqualTo(json("{\"name\":\"events\",\"state\":\"DELETED\"}"));
        assertThat(run.err()).isEqualTo("Deleting kafka events...\n");
        assertThat(api.requests()).extracting(Request::method, Request::path).containsExactly(
                tuple("DELETE", "/api/v1/kafka/events"), tuple("GET", "/api/v1/kafka/events"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "create events --brokers 0             | --brokers must be greater than 0, got 0. Try 'strata kafka create --help'.",
        "create events --broker-cpus -0.5      | --broker-cpus must be greater than 0, got -0.5. Try 'strata kafka create --help'.",
        "create events --broker-disk lots      | Invalid value for option '--broker-disk': 'lots' is not a long. Try 'strata kafka create --help'.",
        "scale events --brokers 0              | --brokers must be greater than 0, got 0. Try 'strata kafka scale --help'.",
        "scale events                          | Missing required option: '--brokers=N'. Try 'strata kafka scale --help'.",
        "status                                | Missing required parameter: 'NAME'. Try 'strata kafka status --help'.",
        "topic create events t --partitions 0  | --partitions must be greater than 0, got 0. Try 'strata kafka topic create --help'.",
        "''                                    | Missing a kafka command: create, status, list, topic, restart, scale, replace or delete. Try 'strata kafka --help'.",
    })
    void badValuesAreUsageErrorsNamingTheFlagBeforeAnyRequest(String args, String message) {
        StrataCli run = api.strata(("kafka " + args).strip().split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(message + "\n");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void anUnknownClusterFailsWithTheApisSentence() {
        api.onJson("GET", "/api/v1/kafka/nope", 404, "{\"error\":\"no kafka service named 'nope'\"}");

        StrataCli run = api.strata("kafka", "status", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("No kafka service named 'nope'.\n");
    }

    @Test
    void topicsAreCreatedListedAndDeletedUnderTheirCluster() {
        api.onJson("POST", "/api/v1/kafka/events/topics", 201, "{\"topic\":\"readings\",\"partitions\":4,\"replication\":2}")
                .onJson("GET", "/api/v1/kafka/events/topics", 200, "[{\"name\":\"readings\",\"partitions\":4,\"replication\":2}]")
                .onJson("DELETE", "/api/v1/kafka/events/topics/readings", 200, "{\"deleted\":\"readings\"}");

        StrataCli created = api.strata("kafka", "topic", "create", "events", "readings", "--partitions", "4");
        StrataCli listed = api.strata("kafka", "topic", "list", "events");
        StrataCli deleted = api.strata("kafka", "topic", "delete", "events", "readings", "--json");

        assertThat(created.out()).isEqualTo("Created topic readings (4 partitions, replication 2).\n");
        assertThat(body(0)).isEqualTo(json("{\"topic\":\"readings\",\"partitions\":4}"));
        assertThat(listed.out()).isEqualTo("TOPIC     PARTITIONS  REPLICATION\nreadings  4           2\n");
        assertThat(json(deleted.out())).isEqualTo(json("{\"deleted\":\"readings\"}"));
    }

    @Test
    void everyKafkaCommandHasHelpWithJsonWhereItPrintsSomething() {
        List<List<String>> kafka = StrataCli.commands().stream()
                .filter(command -> command.size() > 2 && command.get(1).equals("kafka")).toList();
        assertThat(kafka).extracting(command -> String.join(" ", command.subList(2, command.size()))).containsExactly(
                "create", "status", "list", "topic", "topic create", "topic list", "topic delete",
                "restart", "scale", "replace", "delete");
        for (List<String> command : kafka) {
            List<String> args = new ArrayList<>(command.subList(1, command.size()));
            args.add("--help");

            StrataCli help = api.strata(args.toArray(String[]::new));

            assertThat(help.out()).as("help of %s", args).startsWith("Usage: " + String.join(" ", command));
            if (!command.get(command.size() - 1).equals("topic")) {
                assertThat(help.out()).as("help of %s", args).contains("--json");
            }
        }
    }

    private JsonNode body(int request) {
        return json(api.requests().get(request).body());
    }
}
