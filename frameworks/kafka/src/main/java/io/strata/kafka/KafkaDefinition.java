package io.strata.kafka;

import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.service.PodTemplate;
import io.strata.service.PodView;
import io.strata.service.ServiceDefinition;
import io.strata.service.ServiceView;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Kafka in KRaft mode as a service: up to three brokers that are also the controller quorum, or
 * three dedicated controllers and any number of brokers. Every node keeps its log on its pod's
 * volume, is formatted once, and is ready when the cluster lists it.
 */
final class KafkaDefinition implements ServiceDefinition {

    static final String BROKER = "broker";
    static final String CONTROLLER = "controller";
    /** Dedicated controllers get node ids from here on, clear of broker ids 1..N. */
    static final int CONTROLLER_ID_BASE = 1001;

    private final KafkaConfig config;
    private final Path dist;

    KafkaDefinition(KafkaConfig config, Path dist) {
        this.config = config;
        this.dist = dist;
    }

    @Override
    public List<PodTemplate> pods() {
        Resources broker = Resources.of(config.brokerCpus(), config.brokerMemMb());
        List<PodTemplate> pods = new ArrayList<>();
        if (config.dedicatedControllers()) {
            pods.add(new PodTemplate(CONTROLLER, 3, Resources.of(0.5, 512), List.of(CONTROLLER), 256, 1, Map.of()));
        }
        pods.add(new PodTemplate(BROKER, config.brokers(), broker, List.of(BROKER, CONTROLLER), config.brokerDiskMb(),
                1, Map.of()));
        return pods;
    }

    @Override
    public DeployStrategy strategy() {
        return DeployStrategy.PARALLEL;
    }

    static int nodeId(PodView pod) {
        return pod.type().equals(CONTROLLER) ? CONTROLLER_ID_BASE + pod.index() : pod.index() + 1;
    }

    private boolean isController(PodView pod) {
        return pod.type().equals(CONTROLLER) || !config.dedicatedControllers() && pod.index() < config.combined();
    }

    private boolean isBroker(PodView pod) {
        return pod.type().equals(BROKER);
    }

    String voters(ServiceView view) {
        return view.pods().stream().filter(this::isController).sorted((a, b) -> nodeId(a) - nodeId(b))
                .map(p -> nodeId(p) + "@" + p.placement().host() + ":" + p.placement().port(CONTROLLER))
                .collect(Collectors.joining(","));
    }

    @Override
    public TaskSpec task(PodView pod, ServiceView view) {
        long mem = pod.type().equals(CONTROLLER) ? 512 : config.brokerMemMb();
        long heap = Math.max(192, mem / 2);
        String java = "\"${JAVA_HOME:+$JAVA_HOME/bin/}java\"";
        String cp = "'" + dist + "/*'";
        String script = String.join("\n",
                "set -e",
                "sed \"s|@VOLUME@|$STRATA_VOLUME|g\" server.properties.template > server.properties",
                "if [ ! -f \"$STRATA_VOLUME/data/meta.properties\" ]; then",
                "  " + java + " -Xmx256m -cp " + cp + " -Dlog4j2.configurationFile=log4j2.properties"
                        + " kafka.tools.StorageTool format -t " + config.clusterId() + " -c server.properties",
                "fi",
                "exec " + java + " -Xms" + heap + "m -Xmx" + heap + "m -XX:+UseG1GC -XX:MaxGCPauseMillis=20"
                        + " -Djava.awt.headless=true -Dlog4j2.configurationFile=log4j2.properties"
                        + " -cp " + cp + " kafka.Kafka server.properties");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("server.properties.template", serverProperties(pod, view));
        files.put("log4j2.properties", LOG4J2);
        return new TaskSpec(TaskId.of("template"), pod.id(), "sh", List.of("-c", script), Map.of(), Resources.EMPTY,
                Map.of("kafka.nodeId", Integer.toString(nodeId(pod))), files, null);
    }

    String serverProperties(PodView pod, ServiceView view) {
        String host = pod.placement().host();
        int rf = Math.min(3, config.brokers());
        List<String> lines = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        if (isBroker(pod)) {
            roles.add("broker");
        }
        if (isController(pod)) {
            roles.add("controller");
        }
        lines.add("process.roles=" + String.join(",", roles));
        lines.add("node.id=" + nodeId(pod));
        lines.add("controller.quorum.voters=" + voters(view));
        List<String> listeners = new ArrayList<>();
        if (isBroker(pod)) {
            listeners.add("PLAINTEXT://" + host + ":" + pod.placement().port(BROKER));
            lines.add("advertised.listeners=PLAINTEXT://" + host + ":" + pod.placement().port(BROKER));
            lines.add("inter.broker.listener.name=PLAINTEXT");
        }
        if (isController(pod)) {
            listeners.add("CONTROLLER://" + host + ":" + pod.placement().port(CONTROLLER));
        }
        lines.add("listeners=" + String.join(",", listeners));
        lines.add("controller.listener.names=CONTROLLER");
        lines.add("listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        lines.add("log.dirs=@VOLUME@/data");
        lines.add("offsets.topic.replication.factor=" + rf);
        lines.add("transaction.state.log.replication.factor=" + rf);
        lines.add("transaction.state.log.min.isr=" + Math.min(2, rf));
        lines.add("share.coordinator.state.topic.replication.factor=" + rf);
        lines.add("share.coordinator.state.topic.min.isr=" + Math.min(2, rf));
        lines.add("group.initial.rebalance.delay.ms=0");
        lines.add("num.partitions=1");
        lines.add("default.replication.factor=" + rf);
        lines.add("min.insync.replicas=" + Math.min(2, rf));
        lines.add("unclean.leader.election.enable=false");
        return String.join("\n", lines) + "\n";
    }

    @Override
    public boolean isReady(PodView pod, ServiceView view) throws Exception {
        if (!isBroker(pod)) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(pod.placement().host(), pod.placement().port(CONTROLLER)), 2000);
                return true;
            }
        }
        String address = pod.placement().host() + ":" + pod.placement().port(BROKER);
        try (Admin admin = Admin.create(adminProps(address))) {
            Collection<Node> nodes;
            try {
                nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("broker " + nodeId(pod) + " does not answer on " + address + " yet");
            }
            int id = nodeId(pod);
            if (nodes.stream().noneMatch(n -> n.id() == id)) {
                throw new IllegalStateException("broker " + id + " is not yet registered with the controllers");
            }
            return true;
        }
    }

    static Properties adminProps(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.RETRIES_CONFIG, 1);
        return p;
    }

    @Override
    public Map<String, String> endpoints(ServiceView view) {
        return Map.of("bootstrap", bootstrap(view));
    }

    static String bootstrap(ServiceView view) {
        return view.podsOfType(BROKER).stream().map(p -> p.placement().host() + ":" + p.placement().port(BROKER))
                .collect(Collectors.joining(","));
    }

    private static final String LOG4J2 = String.join("\n",
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
            "") ;
}
