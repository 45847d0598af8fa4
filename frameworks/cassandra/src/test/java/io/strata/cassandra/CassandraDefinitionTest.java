package io.strata.cassandra;

import io.strata.resources.AgentId;
import io.strata.resources.TaskSpec;
import io.strata.service.Placement;
import io.strata.service.PodView;
import io.strata.service.ServiceView;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a Cassandra node's task holds: the script, cassandra.yaml and logback file, to the letter. */
class CassandraDefinitionTest {

    private static final Path DIST = Path.of("/opt/cassandra-dist");

    private static Placement placement(int n) {
        return new Placement(AgentId.of("a" + n), "127.0.0." + n,
                Map.of(CassandraDefinition.STORAGE, 31000 + n, CassandraDefinition.CQL, 31100 + n));
    }

    private static PodView pod(int index, Placement replacing) {
        return new PodView("node-" + index, CassandraDefinition.NODE, index, placement(index + 1), "vol-" + index,
                replacing);
    }

    private static CassandraDefinition definition() {
        return new CassandraDefinition("ring", CassandraConfig.parse(Map.of("nodes", "2", "nodeMem", "2048")), DIST);
    }

    @Test
    void aJoiningNodeSeedsFromTheOthersAndKeepsEverythingOnItsVolume() {
        PodView second = pod(1, null);
        TaskSpec task = definition().task(second, new ServiceView("ring", Map.of(), List.of(pod(0, null), second)));
        assertThat(task.files().get("cassandra.yaml.template")).isEqualTo(String.join("\n",
                "cluster_name: 'ring'",
                "num_tokens: 16",
                "allocate_tokens_for_local_replication_factor: 2",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "data_file_directories:",
                "  - @VOLUME@/data",
                "commitlog_directory: @VOLUME@/commitlog",
                "saved_caches_directory: @VOLUME@/saved_caches",
                "hints_directory: @VOLUME@/hints",
                "cdc_raw_directory: @VOLUME@/cdc_raw",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"127.0.0.1:31001\"",
                "listen_address: 127.0.0.2",
                "rpc_address: 127.0.0.2",
                "storage_port: 31002",
                "native_transport_port: 31102",
                "start_native_transport: true",
                "endpoint_snitch: SimpleSnitch",
                "auto_snapshot: false",
                "concurrent_compactors: 1",
                ""));
        String script = task.args().get(1);
        assertThat(script).startsWith(String.join("\n",
                "set -e",
                "sed \"s|@VOLUME@|$STRATA_VOLUME|g\" cassandra.yaml.template > cassandra.yaml",
                "exec \"${JAVA_HOME:+$JAVA_HOME/bin/}java\" -Xms819m -Xmx819m -Xss256k -XX:+UseG1GC"
                        + " -XX:+ExitOnOutOfMemoryError -Djava.net.preferIPv4Stack=true -Djdk.attach.allowAttachSelf=true"
                        + " --add-exports java.base/jdk.internal.misc=ALL-UNNAMED "));
        assertThat(script).endsWith(" -Dcassandra.ring_delay_ms=1000 -Dcassandra.skip_wait_for_gossip_to_settle=0"
                + " -Dcassandra.config=file://$PWD/cassandra.yaml -Dcassandra-foreground=yes"
                + " -Dcassandra.storagedir=$STRATA_VOLUME -Dlogback.configurationFile=$PWD/logback.xml"
                + " -cp '/opt/cassandra-dist/*' org.apache.cassandra.service.CassandraDaemon");
        assertThat(task.files().get("logback.xml")).contains("<root level=\"INFO\">");
    }

    @Test
    void aReplacementTakesOverTheOldAddressOnFirstBoot() {
        PodView replacement = pod(1, placement(3));
        TaskSpec task = definition().task(replacement,
                new ServiceView("ring", Map.of(), List.of(pod(0, null), replacement)));
        assertThat(task.args().get(1)).endsWith(" -Dlogback.configurationFile=$PWD/logback.xml"
                + " -Dcassandra.replace_address_first_boot=127.0.0.3:31003"
                + " -cp '/opt/cassandra-dist/*' org.apache.cassandra.service.CassandraDaemon");
    }

    @Test
    void theFirstNodeSeedsItself() {
        PodView first = pod(0, null);
        TaskSpec task = definition().task(first, new ServiceView("ring", Map.of(), List.of(first)));
        assertThat(task.files().get("cassandra.yaml.template")).contains("      - seeds: \"127.0.0.1:31001\"\n");
    }
}
