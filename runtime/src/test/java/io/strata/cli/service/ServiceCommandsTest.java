package io.strata.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.cli.FakeStrataApi;
import io.strata.cli.StrataCli;
import io.strata.cli.spi.CliPlugin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine.Command;

/** The generic tree for a made-up service type: what the descriptor decides and what every type gets. */
class ServiceCommandsTest {

    static final ServiceDescriptor QUEUES = ServiceDescriptor.builder("queue", "shards", "shard")
            .description("Create and run queues.")
            .noun("queue", "queues")
            .endpoint("urls", "urls", "queue URLs")
            .podColumn("HOST", "host")
            .count("2", "Number of shards")
            .createOption("--shard-mem", "MB", Long.class, "shardMem", "256", "Memory per shard in MB")
            .create("Create a queue.")
            .scale("Add shards.")
            .replace("SHARD_ID", "Move a shard to another agent.")
            .extraCommand(context -> new Purge())
            .build();

    static final List<CliPlugin> PLUGINS = List.of(context -> List.of(ServiceCommands.tree(QUEUES, context)));

    @Command(name = "purge", description = "Drop every message.")
    static final class Purge implements Runnable {
        @Override
        public void run() {
        }
    }

    @RegisterExtension
    final FakeStrataApi api = new FakeStrataApi();

    @Test
    void extraCommandsComeAfterListAndAreNamedWhenTheSubcommandIsMissing() {
        StrataCli run = StrataCli.run(api.home(), PLUGINS, "queue");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Missing a queue command: create, status, list, purge, restart, scale, "
                + "replace or delete. Try 'strata queue --help'.\n");
    }

    @Test
    void theDescriptorNamesTheOptionsTheHelpAndTheStatusColumns() {
        api.onJson("GET", "/api/v1/queue/q", 200, """
                {"name":"q","state":"DEPLOYING","reason":"shard 2 starting","operation":"scale to 2",
                 "urls":["q://127.0.0.2:31000"],
                 "shards":[{"id":1,"state":"RUNNING","agentId":"agent-1","taskId":"t-1","host":"127.0.0.2",
                            "restarts":0,"reason":"ready"}]}""");

        StrataCli create = StrataCli.run(api.home(), PLUGINS, "queue", "create", "--help");
        StrataCli scale = StrataCli.run(api.home(), PLUGINS, "queue", "scale", "q", "--shards", "0");
        StrataCli status = StrataCli.run(api.home(), PLUGINS, "queue", "status", "q");

        assertThat(create.out()).contains("--shard-mem=MB", "Memory per shard in MB (default: 256).",
                "--shards=N", "Number of shards (default: 2).", "--json", "Wait until every shard is ready");
        assertThat(scale.err()).isEqualTo("--shards must be greater than 0, got 0. Try 'strata queue scale --help'.\n");
        assertThat(status.out()).isEqualTo("""
                queue q  DEPLOYING  (shard 2 starting)
                urls  q://127.0.0.2:31000
                auto-replace  off
                operation  scale to 2
                SHARD  STATE    AGENT    HOST       TASK  RESTARTS  REASON
                1      RUNNING  agent-1  127.0.0.2  t-1   0         ready
                """);
    }

    @Test
    void pluginCommandsTalkToTheClusterChosenWithTheClusterOptionOrStrataApi() {
        try (FakeStrataApi remote = new FakeStrataApi().onJson("GET", "/api/v1/queue", 200, "[]")) {
            String urls = "http://127.0.0.1:1," + remote.url();
            StrataCli.run(api.home(), "cluster", "add", "prod", urls);
            StrataCli.run(api.home(), "cluster", "use", "local");

            StrataCli byOption = StrataCli.run(api.home(), PLUGINS, "queue", "list", "--json", "--cluster", "prod");
            StrataCli byEnv = StrataCli.run(api.home(), Map.of("STRATA_API", urls), PLUGINS, "queue", "list", "--json");

            assertThat(byOption.exitCode()).isZero();
            assertThat(byEnv.exitCode()).isZero();
            assertThat(remote.requests()).hasSize(2);
            assertThat(api.requests()).isEmpty();
        }
    }

    @Test
    void everyTypesCreateTakesTheAutoReplaceSettingAndStatusShowsIt() throws Exception {
        api.onJson("POST", "/api/v1/queue", 201, "{\"name\":\"q\",\"state\":\"DEPLOYING\"}");
        api.onJson("GET", "/api/v1/queue/q", 200, """
                {"name":"q","state":"RUNNING","reason":"","operation":"","urls":[],
                 "config":{"shards":"2","autoReplaceAfter":"600"},"shards":[]}""");

        StrataCli help = StrataCli.run(api.home(), PLUGINS, "queue", "create", "--help");
        StrataCli create = StrataCli.run(api.home(), PLUGINS, "queue", "create", "q", "--auto-replace-after", "10m");
        StrataCli status = StrataCli.run(api.home(), PLUGINS, "queue", "status", "q");

        assertThat(help.out()).contains("--auto-replace-after=DURATION", "Replace a shard whose agent is lost");
        assertThat(create.exitCode()).isZero();
        assertThat(api.requests().get(0).body()).contains("\"autoReplaceAfter\":\"10m\"");
        assertThat(status.out()).contains("auto-replace  after 10m of a lost agent\n");
    }

    @Test
    void aBadAutoReplaceDurationIsAUsageErrorNamingTheFlag() {
        StrataCli create = StrataCli.run(api.home(), PLUGINS, "queue", "create", "q", "--auto-replace-after", "soon");

        assertThat(create.exitCode()).isEqualTo(2);
        assertThat(create.err()).isEqualTo("--auto-replace-after must be a duration of at least 1 second such as 90s, "
                + "10m, 1h or 1h30m (or a number of seconds), got 'soon'. Try 'strata queue create --help'.\n");
        assertThat(api.requests()).isEmpty();
    }
}
