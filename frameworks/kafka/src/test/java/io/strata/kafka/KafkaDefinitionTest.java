package io.strata.kafka;

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

/** What a broker's or controller's task holds: the script, server.properties and log4j2 file, to the letter. */
class KafkaDefinitionTest {

    private static final Path DIST = Path.of("/opt/kafka-dist");

    private static PodView pod(String type, int index, int brokerPort, int controllerPort) {
        Map<String, Integer> ports = type.equals(KafkaDefinition.BROKER)
                ? Map.of(KafkaDefinition.BROKER, brokerPort, KafkaDefinition.CONTROLLER, controllerPort)
                : Map.of(KafkaDefinition.CONTROLLER, controllerPort);
        String host = "127.0.0." + (index + 1);
        return new PodView("kafka-" + type + "-" + index, type, index,
                new Placement(AgentId.of("a" + index), host, ports), "vol-" + index, null);
    }

    private static KafkaDefinition definition(int brokers, long memMb) {
        return new KafkaDefinition(KafkaConfig.create(Map.of("brokers", Integer.toString(brokers),
                "brokerMem", Long.toString(memMb), "clusterId", "q1Sh-9_ngtm7DEAAnzdz9w")), DIST);
    }

    @Test
    void aCombinedNodeFormatsOnceThenRunsWithHalfItsMemoryAsHeap() {
        KafkaDefinition d = definition(1, 1024);
        PodView broker = pod(KafkaDefinition.BROKER, 0, 31001, 31002);
        TaskSpec task = d.task(broker, new ServiceView("events", Map.of(), List.of(broker)));
        assertThat(task.command()).isEqualTo("sh");
        assertThat(task.args().get(1)).isEqualTo(String.join("\n",
                "set -e",
                "sed \"s|@VOLUME@|$STRATA_VOLUME|g\" server.properties.template > server.properties",
                "if [ ! -f \"$STRATA_VOLUME/data/meta.properties\" ]; then",
                "  \"${JAVA_HOME:+$JAVA_HOME/bin/}java\" -Xmx256m -cp '/opt/kafka-dist/*'"
                        + " -Dlog4j2.configurationFile=log4j2.properties"
                        + " kafka.tools.StorageTool format -t q1Sh-9_ngtm7DEAAnzdz9w -c server.properties",
                "fi",
                "exec \"${JAVA_HOME:+$JAVA_HOME/bin/}java\" -Xms512m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20"
                        + " -Djava.awt.headless=true -Dlog4j2.configurationFile=log4j2.properties"
                        + " -cp '/opt/kafka-dist/*' kafka.Kafka server.properties"));
        assertThat(task.files().get("server.properties.template")).isEqualTo(String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:31002",
                "advertised.listeners=PLAINTEXT://127.0.0.1:31001",
                "inter.broker.listener.name=PLAINTEXT",
                "listeners=PLAINTEXT://127.0.0.1:31001,CONTROLLER://127.0.0.1:31002",
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=@VOLUME@/data",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "unclean.leader.election.enable=false",
                ""));
        assertThat(task.files().get("log4j2.properties")).contains("rootLogger.level = info")
                .contains("logger.request.level = warn");
        assertThat(task.labels()).containsEntry("kafka.nodeId", "1");
    }

    @Test
    void withDedicatedControllersBrokersListenOnlyForClientsAndControllersOnlyForTheQuorum() {
        KafkaDefinition d = definition(4, 2048);
        List<PodView> pods = List.of(pod(KafkaDefinition.CONTROLLER, 0, 0, 31100), pod(KafkaDefinition.CONTROLLER, 1, 0, 31100),
                pod(KafkaDefinition.CONTROLLER, 2, 0, 31100), pod(KafkaDefinition.BROKER, 0, 31001, 31002),
                pod(KafkaDefinition.BROKER, 1, 31001, 31002), pod(KafkaDefinition.BROKER, 2, 31001, 31002),
                pod(KafkaDefinition.BROKER, 3, 31001, 31002));
        ServiceView view = new ServiceView("events", Map.of(), pods);
        String voters = "controller.quorum.voters=1001@127.0.0.1:31100,1002@127.0.0.2:31100,1003@127.0.0.3:31100";
        TaskSpec controller = d.task(pods.get(1), view);
        assertThat(controller.files().get("server.properties.template")).startsWith(String.join("\n",
                "process.roles=controller",
                "node.id=1002",
                voters,
                "listeners=CONTROLLER://127.0.0.2:31100",
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=@VOLUME@/data",
                "offsets.topic.replication.factor=3",
                "transaction.state.log.replication.factor=3",
                "transaction.state.log.min.isr=2",
                "share.coordinator.state.topic.replication.factor=3",
                "share.coordinator.state.topic.min.isr=2",
                "group.initial.rebalance.delay.ms=0",
                "num.partitions=1",
                "default.replication.factor=3",
                "min.insync.replicas=2",
                ""));
        assertThat(controller.args().get(1)).contains(" -Xms256m -Xmx256m ");
        TaskSpec broker = d.task(pods.get(6), view);
        assertThat(broker.files().get("server.properties.template")).startsWith(String.join("\n",
                "process.roles=broker",
                "node.id=4",
                voters,
                "advertised.listeners=PLAINTEXT://127.0.0.4:31001",
                "inter.broker.listener.name=PLAINTEXT",
                "listeners=PLAINTEXT://127.0.0.4:31001",
                ""));
        assertThat(broker.args().get(1)).contains(" -Xms1024m -Xmx1024m ");
    }
}
