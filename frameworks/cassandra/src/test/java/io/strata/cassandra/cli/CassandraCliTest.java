package io.strata.cassandra.cli;

import static io.strata.cli.StrataCli.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.cli.FakeStrataApi;
import io.strata.cli.FakeStrataApi.Request;
import io.strata.cli.StrataCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code strata cassandra} against a stand-in API: the generic service commands with Cassandra's descriptor, and CQL. */
class CassandraCliTest {

    static final String RING = """
            {"name":"ring","state":"RUNNING","reason":"","operation":"","contactPoints":["127.0.0.2","127.0.0.3"],
             "nodes":[
               {"id":1,"state":"RUNNING","agentId":"agent-2","taskId":"cassandra-ring-node-0","address":"127.0.0.2",
                "cqlPort":31002,"restarts":0,"reason":"ready"},
               {"id":2,"state":"RUNNING","agentId":"agent-3","taskId":"cassandra-ring-node-1","address":"127.0.0.3",
                "cqlPort":31002,"restarts":0,"reason":"ready"}]}""";

    static final String REPLACING = """
            {"name":"ring","state":"DEPLOYING","reason":"replacing node 2","operation":"replace node-1",
             "contactPoints":["127.0.0.2"],
             "nodes":[
               {"id":1,"state":"RUNNING","agentId":"agent-2","taskId":"cassandra-ring-node-0","address":"127.0.0.2",
                "cqlPort":31002,"restarts":0,"reason":"ready"},
               {"id":2,"state":"STAGING","agentId":"agent-4","taskId":null,"address":null,"cqlPort":null,
                "restarts":0,"reason":"replaces 127.0.0.3"}]}""";

    @RegisterExtension
    final FakeStrataApi api = new FakeStrataApi();

    @Test
    void createSendsNodeCountAndSizesAndAnswersInJson() {
        api.onJson("POST", "/api/v1/cassandra", 201, "{\"name\":\"ring\",\"state\":\"DEPLOYING\"}");

        StrataCli run = api.strata("cassandra", "create", "ring", "--nodes", "2", "--node-mem", "1536",
                "--node-disk", "4096", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(json(run.out())).isEqualTo(json("{\"name\":\"ring\",\"state\":\"DEPLOYING\"}"));
        assertThat(json(api.requests().get(0).body())).isEqualTo(
                json("{\"name\":\"ring\",\"nodes\":2,\"nodeMem\":1536,\"nodeDisk\":4096}"));
    }

    @Test
    void statusShowsTheOperationUnderWayAndEachNodeWithItsAddress() {
        api.onJson("GET", "/api/v1/cassandra/ring", 200, REPLACING);

        StrataCli run = api.strata("cassandra", "status", "ring");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                cassandra ring  DEPLOYING  (replacing node 2)
                contact points  127.0.0.2
                auto-replace  off
                operation  replace node-1
                NODE  STATE    AGENT    ADDRESS    CQL PORT  TASK                   RESTARTS  REASON
                1     RUNNING  agent-2  127.0.0.2  31002     cassandra-ring-node-0  0         ready
                2     STAGING  agent-4  -          -         -                      0         replaces 127.0.0.3
                """);
    }

    @Test
    void listJoinsTheContactPoints() {
        api.onJson("GET", "/api/v1/cassandra", 200, "[" + RING + "]");

        StrataCli run = api.strata("cassandra", "list");

        assertThat(run.out()).isEqualTo("""
                NAME  STATE    NODES  CONTACT POINTS
                ring  RUNNING  2      127.0.0.2,127.0.0.3
                """);
        assertThat(json(api.strata("cassandra", "list", "--json").out())).isEqualTo(json("[" + RING + "]"));
    }

    @Test
    void replaceShowsEachNodeChangeUntilTheRingRunsAgain() {
        api.onJson("POST", "/api/v1/cassandra/ring/replace/2", 202, "{\"accepted\":true}");
        api.on("GET", "/api/v1/cassandra/ring", request -> FakeStrataApi.Response.json(200,
                api.requests().size() < 3 ? REPLACING : RING));

        StrataCli run = api.strata("cassandra", "replace", "ring", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                Replacing node 2 of cassandra ring...
                  node 1: RUNNING on agent-2 - ready
                  node 2: STAGING on agent-4 - replaces 127.0.0.3
                  node 2: RUNNING on agent-3 - ready
                node 2 replaced.
                """);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "scale ring --nodes 3 --json | POST   | /api/v1/cassandra/ring/scale   | {\"nodes\":3}",
        "restart ring --json         | POST   | /api/v1/cassandra/ring/restart | {}",
    })
    void operationsWithJsonPrintTheStatusOnceTheRingRunsAgain(String args, String method, String path, String body) {
        api.onJson(method, path, 202, "{\"accepted\":true}").onJson("GET", "/api/v1/cassandra/ring", 200, RING);

        StrataCli run = api.strata(("cassandra " + args).split(" "));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(json(run.out())).isEqualTo(json(RING));
        assertThat(api.requests().get(0)).extracting(Request::method, Request::path).containsExactly(method, path);
        assertThat(json(api.requests().get(0).body())).isEqualTo(json(body));
    }

    @Test
    void deleteWaitsUntilTheRingIsGone() {
        api.onJson("DELETE", "/api/v1/cassandra/ring", 202, "{\"accepted\":true}");

        StrataCli run = api.strata("cassandra", "delete", "ring");

        assertThat(run.out()).isEqualTo("Deleting cassandra ring...\ncassandra ring deleted.\n");
        assertThat(api.requests()).extracting(Request::method).containsExactly("DELETE", "GET");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "create ring --nodes -1     | --nodes must be greater than 0, got -1. Try 'strata cassandra create --help'.",
        "create ring --node-mem 0   | --node-mem must be greater than 0, got 0. Try 'strata cassandra create --help'.",
        "create ring --nodes two    | Invalid value for option '--nodes': 'two' is not an int. Try 'strata cassandra create --help'.",
        "scale ring --nodes 0       | --nodes must be greater than 0, got 0. Try 'strata cassandra scale --help'.",
        "replace ring               | Missing required parameter: 'NODE_ID'. Try 'strata cassandra replace --help'.",
        "cql ring                   | Give either a STATEMENT or -f FILE. Try 'strata cassandra cql --help'.",
    })
    void badValuesAreUsageErrorsNamingTheFlagBeforeAnyRequest(String args, String message) {
        StrataCli run = api.strata(("cassandra " + args).split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(message + "\n");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void anUnknownRingFailsWithTheApisSentence() {
        api.onJson("POST", "/api/v1/cassandra/nope/restart", 404, "{\"error\":\"no cassandra service named 'nope'\"}");

        StrataCli run = api.strata("cassandra", "restart", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("No cassandra service named 'nope'.\n");
    }

    @Test
    void cqlPrintsTheRowsAsATableOrAsJson() {
        api.onJson("POST", "/api/v1/cassandra/ring/cql", 200,
                "{\"results\":[{\"rows\":[{\"sensor\":\"s-1\",\"total\":42},{\"sensor\":\"s-2\",\"total\":7.5}]}]}");

        StrataCli table = api.strata("cassandra", "cql", "ring", "SELECT * FROM iot.t", "--consistency", "ONE");
        StrataCli rows = api.strata("cassandra", "cql", "ring", "SELECT * FROM iot.t", "--json");

        assertThat(table.out()).isEqualTo("sensor  total\ns-1     42\ns-2     7.5\n(2 rows)\n");
        assertThat(json(api.requests().get(0).body())).isEqualTo(
                json("{\"consistency\":\"ONE\",\"statement\":\"SELECT * FROM iot.t\"}"));
        assertThat(json(rows.out())).isEqualTo(json("[{\"sensor\":\"s-1\",\"total\":42},{\"sensor\":\"s-2\",\"total\":7.5}]"));
    }

    @Test
    void cqlFileSendsEachStatementWithTheLineItStartsOn() throws IOException {
        Path schema = Files.writeString(api.home().resolve("schema.cql"), """
                -- the schema
                CREATE KEYSPACE k WITH replication = {'class':'SimpleStrategy','replication_factor':1};

                CREATE TABLE k.t (id int PRIMARY KEY);
                """);
        api.onJson("POST", "/api/v1/cassandra/ring/cql", 200, "{\"results\":[{\"rows\":[]},{\"rows\":[]}]}");

        StrataCli run = api.strata("cassandra", "cql", "ring", "-f", schema.toString());

        assertThat(run.out()).isEqualTo("Ran 2 statements.\n");
        assertThat(json(api.requests().get(0).body()).path("statements")).extracting(s -> s.path("line").asInt())
                .containsExactly(2, 4);
    }

    @Test
    void aFileWithoutStatementsIsAUsageError() throws IOException {
        Path empty = Files.writeString(api.home().resolve("empty.cql"), "-- nothing\n");

        StrataCli run = api.strata("cassandra", "cql", "ring", "-f", empty.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(empty + " holds no CQL statement. Try 'strata cassandra cql --help'.\n");
        assertThat(api.requests()).isEmpty();
    }
}
