package io.strata.kafka;

import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.service.PodTemplate;
import io.strata.service.PodView;
import io.strata.service.ServiceDefinition;
import io.strata.service.ServiceView;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                .map(p -> KafkaNode.voter(nodeId(p), p.placement().host(), p.placement().port(CONTROLLER)))
                .collect(Collectors.joining(","));
    }

    /** The pod's node: its log on the pod's volume, which the task's script puts in for {@code @VOLUME@}. */
    KafkaNode node(PodView pod, ServiceView view) {
        boolean controllerPod = pod.type().equals(CONTROLLER);
        return new KafkaNode(nodeId(pod), isBroker(pod), isController(pod), pod.placement().host(),
                controllerPod ? 0 : pod.placement().port(BROKER), pod.placement().port(CONTROLLER), voters(view),
                "@VOLUME@/data", Math.min(3, config.brokers()), controllerPod ? 512 : config.brokerMemMb());
    }

    @Override
    public TaskSpec task(PodView pod, ServiceView view) {
        KafkaNode node = node(pod, view);
        String script = String.join("\n",
                "set -e",
                "sed \"s|@VOLUME@|$STRATA_VOLUME|g\" " + KafkaNode.PROPERTIES + ".template > " + KafkaNode.PROPERTIES,
                "if [ ! -f \"$STRATA_VOLUME/data/meta.properties\" ]; then",
                "  " + KafkaNode.formatCommand(dist, config.clusterId()),
                "fi",
                "exec " + node.startCommand(dist));
        Map<String, String> files = new LinkedHashMap<>();
        files.put(KafkaNode.PROPERTIES + ".template", node.serverProperties());
        files.put(KafkaNode.LOG4J2, KafkaNode.log4j2Properties());
        return new TaskSpec(TaskId.of("template"), pod.id(), "sh", List.of("-c", script), Map.of(), Resources.EMPTY,
                Map.of("kafka.nodeId", Integer.toString(nodeId(pod))), files, null);
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
        try (Admin admin = Admin.create(KafkaNode.adminProps(address))) {
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

    @Override
    public Map<String, String> endpoints(ServiceView view) {
        return Map.of("bootstrap", bootstrap(view));
    }

    static String bootstrap(ServiceView view) {
        return view.podsOfType(BROKER).stream().map(p -> p.placement().host() + ":" + p.placement().port(BROKER))
                .collect(Collectors.joining(","));
    }
}
