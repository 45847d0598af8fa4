package io.strata.kafka;

import org.apache.kafka.clients.admin.AdminClientConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One Kafka node in KRaft mode as Strata configures and starts it: its server.properties, its
 * log4j2 file, the command that formats its log dir and the one that runs it. The framework's tasks
 * are built from it, and so is the bench's broker started without Strata, so that both run the same
 * configuration. The commands run in the folder that holds {@link #PROPERTIES} and {@link #LOG4J2},
 * with {@code $JAVA_HOME}'s java when it is set.
 *
 * @param voters      the controller quorum, {@code id@host:port,...} (see {@link #voter})
 * @param logDir      where the node keeps its log, as written into server.properties
 * @param replication the replication factor of new topics and of Kafka's internal ones (the broker
 *                    count, up to 3); min.insync.replicas is at most 2 of it
 * @param memMb       the node's memory, half of which is heap
 */
public record KafkaNode(int nodeId, boolean broker, boolean controller, String host, int brokerPort,
                        int controllerPort, String voters, String logDir, int replication, long memMb) {

    public static final String PROPERTIES = "server.properties";
    public static final String LOG4J2 = "log4j2.properties";
    private static final String JAVA = "\"${JAVA_HOME:+$JAVA_HOME/bin/}java\"";

    /** One entry of {@code controller.quorum.voters}. */
    public static String voter(int nodeId, String host, int controllerPort) {
        return nodeId + "@" + host + ":" + controllerPort;
    }

    public String serverProperties() {
        List<String> lines = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        if (broker) {
            roles.add("broker");
        }
        if (controller) {
            roles.add("controller");
        }
        lines.add("process.roles=" + String.join(",", roles));
        lines.add("node.id=" + nodeId);
        lines.add("controller.quorum.voters=" + voters);
        List<String> listeners = new ArrayList<>();
        if (broker) {
            listeners.add("PLAINTEXT://" + host + ":" + brokerPort);
            lines.add("advertised.listeners=PLAINTEXT://" + host + ":" + brokerPort);
            lines.add("inter.broker.listener.name=PLAINTEXT");
        }
        if (controller) {
            listeners.add("CONTROLLER://" + host + ":" + controllerPort);
        }
        lines.add("listeners=" + String.join(",", listeners));
        lines.add("controller.listener.names=CONTROLLER");
        lines.add("listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        lines.add("log.dirs=" + logDir);
        int isr = Math.min(2, replication);
        lines.add("offsets.topic.replication.factor=" + replication);
        lines.add("transaction.state.log.replication.factor=" + replication);
        lines.add("transaction.state.log.min.isr=" + isr);
        lines.add("share.coordinator.state.topic.replication.factor=" + replication);
        lines.add("share.coordinator.state.topic.min.isr=" + isr);
        lines.add("group.initial.rebalance.delay.ms=0");
        lines.add("num.partitions=1");
        lines.add("default.replication.factor=" + replication);
        lines.add("min.insync.replicas=" + isr);
        lines.add("unclean.leader.election.enable=false");
        return String.join("\n", lines) + "\n";
    }

    public long heapMb() {
        return Math.max(192, memMb / 2);
    }

    /**
     * Formats the log dir for cluster {@code clusterId} (Kafka's own {@code Uuid}); every node of a
     * cluster is formatted with the same id. {@code dist} holds the broker jars.
     */
    public static String formatCommand(Path dist, String clusterId) {
        return JAVA + " -Xmx256m -cp " + classPath(dist) + " -Dlog4j2.configurationFile=" + LOG4J2
                + " kafka.tools.StorageTool format -t " + clusterId + " -c " + PROPERTIES;
    }

    public String startCommand(Path dist) {
        return JAVA + " -Xms" + heapMb() + "m -Xmx" + heapMb() + "m -XX:+UseG1GC -XX:MaxGCPauseMillis=20"
                + " -Djava.awt.headless=true -Dlog4j2.configurationFile=" + LOG4J2
                + " -cp " + classPath(dist) + " kafka.Kafka " + PROPERTIES;
    }

    private static String classPath(Path dist) {
        return "'" + dist + "/*'";
    }

    /** Settings of an admin client that polls a node starting up: it answers or fails within seconds. */
    public static Properties adminProps(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.RETRIES_CONFIG, 1);
        return p;
    }

    public static String log4j2Properties() {
        return String.join("\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.out.ref = out",
                "logger.kafka.name = kafka",
                "logger.kafka.level = info",
                "logger.request.name = kafka.request.logger",
                "logger.request.level = warn",
                "logger.clients.name = org.apache.kafka.clients",
                "logger.clients.level = warn",
                "");
    }
}
