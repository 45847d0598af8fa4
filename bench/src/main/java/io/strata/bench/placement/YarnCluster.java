package io.strata.bench.placement;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.net.NetworkTopology;
import org.apache.hadoop.net.NodeBase;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.NodeAttribute;
import org.apache.hadoop.yarn.api.records.NodeAttributeType;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.event.Dispatcher;
import org.apache.hadoop.yarn.event.Event;
import org.apache.hadoop.yarn.event.EventHandler;
import org.apache.hadoop.yarn.LocalConfigurationProvider;
import org.apache.hadoop.yarn.server.resourcemanager.ClusterMetrics;
import org.apache.hadoop.yarn.server.resourcemanager.RMContextImpl;
import org.apache.hadoop.yarn.server.resourcemanager.ahs.RMApplicationHistoryWriter;
import org.apache.hadoop.yarn.server.resourcemanager.metrics.NoOpSystemMetricPublisher;
import org.apache.hadoop.yarn.server.resourcemanager.nodelabels.RMNodeLabelsManager;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.ContainerAllocationExpirer;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNode;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNodeImpl;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNodeStartedEvent;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.QueueMetrics;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacitySchedulerMetrics;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.constraint.AllocationTagsManager;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.constraint.MemoryPlacementConstraintManager;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.event.AppAddedSchedulerEvent;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.event.AppAttemptAddedSchedulerEvent;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.event.NodeAddedSchedulerEvent;
import org.apache.hadoop.yarn.server.resourcemanager.security.AMRMTokenSecretManager;
import org.apache.hadoop.yarn.server.resourcemanager.security.ClientToAMTokenSecretManagerInRM;
import org.apache.hadoop.yarn.server.resourcemanager.security.NMTokenSecretManagerInRM;
import org.apache.hadoop.yarn.server.resourcemanager.security.RMContainerTokenSecretManager;
import org.apache.hadoop.yarn.util.Records;
import org.apache.hadoop.yarn.util.resource.DominantResourceCalculator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Hadoop YARN's CapacityScheduler with nothing around it: no RPC, no ResourceManager, no
 * dispatcher thread (events to the rest of the RM go nowhere). Nodes and applications are
 * registered as the RM would; {@link YarnPlacement} then drives node heartbeats. Recipe and
 * pitfalls: /work/shared/probes/yarn.md.
 */
final class YarnCluster implements AutoCloseable {

    static final String QUEUE = "default";
    static final String USER = "bench";

    private final RMContextImpl context;
    private final CapacityScheduler scheduler = new CapacityScheduler();
    private final List<RMNode> nodes = new ArrayList<>();
    private final List<ApplicationAttemptId> attempts = new ArrayList<>();

    YarnCluster(PlacementWorkload w) throws Exception {
        // Several schedulers in one JVM (warm-up, repetitions) must not clash in the metrics registry.
        DefaultMetricsSystem.setMiniClusterMode(true);
        Configuration conf = configuration();
        Dispatcher nowhere = new NoDispatcher();
        RMContainerTokenSecretManager containerTokens = new RMContainerTokenSecretManager(conf);
        containerTokens.rollMasterKey();
        NMTokenSecretManagerInRM nmTokens = new NMTokenSecretManagerInRM(conf);
        nmTokens.rollMasterKey();
        context = new RMContextImpl(nowhere, new ContainerAllocationExpirer(nowhere), null, null, null,
                new AMRMTokenSecretManager(conf, null), containerTokens, nmTokens,
                new ClientToAMTokenSecretManagerInRM());
        context.setYarnConfiguration(conf);
        LocalConfigurationProvider provider = new LocalConfigurationProvider();
        provider.init(conf);
        context.setConfigurationProvider(provider);
        RMNodeLabelsManager labels = new RMNodeLabelsManager();
        labels.init(conf);
        context.setNodeLabelManager(labels);
        context.setSystemMetricsPublisher(new NoOpSystemMetricPublisher());
        RMApplicationHistoryWriter history = new RMApplicationHistoryWriter();
        history.init(conf);
        context.setRMApplicationHistoryWriter(history);
        context.setAllocationTagsManager(new AllocationTagsManager(context));
        context.setPlacementConstraintManager(new MemoryPlacementConstraintManager());
        context.setScheduler(scheduler);
        scheduler.setConf(conf);
        scheduler.setRMContext(context);
        scheduler.init(conf);
        scheduler.start();

        Resource capacity = Resource.newInstance(w.nodeMemMb(), w.nodeCpus());
        for (int i = 0; i < w.nodes(); i++) {
            // IP literals: a made-up host name costs a DNS look-up per token (yarn.md, pitfalls).
            String host = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            NodeId id = NodeId.newInstance(host, 8041);
            RMNodeImpl node = new RMNodeImpl(id, context, host, 8042, 8043,
                    new NodeBase(host, NetworkTopology.DEFAULT_RACK), capacity, "3.4.2");
            // Until the node's own state machine has started, the scheduler rejects every placement on it.
            node.handle(new RMNodeStartedEvent(id, null, null, null));
            scheduler.handle(new NodeAddedSchedulerEvent(node));
            if (w.ssd(i)) {
                // As the RM's NodeAttributesManager would set a centrally managed attribute.
                scheduler.getNode(id).updateNodeAttributes(Set.of(NodeAttribute.newInstance(
                        NodeAttribute.PREFIX_CENTRALIZED, "ssd", NodeAttributeType.STRING, "true")));
            }
            nodes.add(node);
        }
        for (int a = 1; a <= w.apps().size(); a++) {
            ApplicationId app = ApplicationId.newInstance(1L, a);
            ApplicationSubmissionContext submission = Records.newRecord(ApplicationSubmissionContext.class);
            submission.setApplicationId(app);
            submission.setApplicationName("bench-" + a);
            submission.setQueue(QUEUE);
            submission.setPriority(Priority.newInstance(0));
            ApplicationAttemptId attempt = ApplicationAttemptId.newInstance(app, 1);
            context.getRMApps().put(app, YarnStubs.app(submission, USER, YarnStubs.attempt(attempt, context)));
            scheduler.handle(new AppAddedSchedulerEvent(app, QUEUE, USER));
            scheduler.handle(new AppAttemptAddedSchedulerEvent(attempt, false));
            attempts.add(attempt);
        }
    }

    /**
     * One queue holding the whole cluster, like Strata's single role. Dominant resource fairness
     * so that vcores count (the default calculator looks at memory only); off-switch assignments
     * per heartbeat raised from 1 so that a heartbeat can fill its node, as Strata's whole-node
     * offers can: otherwise YARN would need eight heartbeat rounds by construction.
     */
    private static Configuration configuration() {
        YarnConfiguration conf = new YarnConfiguration();
        String cs = "yarn.scheduler.capacity.";
        conf.set(cs + "resource-calculator", DominantResourceCalculator.class.getName());
        conf.set(cs + "root.queues", QUEUE);
        conf.set(cs + "root." + QUEUE + ".capacity", "100");
        conf.set(cs + "root." + QUEUE + ".maximum-capacity", "100");
        conf.set(cs + "per-node-heartbeat.maximum-offswitch-assignments", "100");
        conf.set(cs + "schedule-asynchronously.enable", "false");
        // Placement constraints (SchedulingRequests) decided by the scheduler itself, as for the mixed workload.
        conf.set(YarnConfiguration.RM_PLACEMENT_CONSTRAINTS_HANDLER, YarnConfiguration.SCHEDULER_RM_PLACEMENT_CONSTRAINTS_HANDLER);
        conf.setClass(YarnConfiguration.RM_SCHEDULER, CapacityScheduler.class, CapacityScheduler.class);
        return conf;
    }

    CapacityScheduler scheduler() {
        return scheduler;
    }

    List<RMNode> nodes() {
        return nodes;
    }

    List<ApplicationAttemptId> attempts() {
        return attempts;
    }

    /** Distinct (application, node) pairs holding containers, read from the scheduler's node books. */
    int placementPairs() {
        int pairs = 0;
        for (RMNode n : nodes) {
            Set<ApplicationAttemptId> apps = new HashSet<>();
            for (RMContainer c : scheduler.getNode(n.getNodeID()).getCopiedListOfRunningContainers()) {
                apps.add(c.getApplicationAttemptId());
            }
            pairs += apps.size();
        }
        return pairs;
    }

    /** Containers placed against their app's constraint (more than one per node, or off ssd); 0 expected. */
    int violations(PlacementWorkload w) {
        int bad = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Map<ApplicationAttemptId, Integer> perApp = new HashMap<>();
            for (RMContainer c : scheduler.getNode(nodes.get(i).getNodeID()).getCopiedListOfRunningContainers()) {
                perApp.merge(c.getApplicationAttemptId(), 1, Integer::sum);
            }
            for (Map.Entry<ApplicationAttemptId, Integer> e : perApp.entrySet()) {
                PlacementWorkload.App app = w.apps().get(e.getKey().getApplicationId().getId() - 1);
                if (app.constraint() == PlacementWorkload.Constraint.UNIQUE_PER_NODE) {
                    bad += e.getValue() - 1;
                } else if (app.constraint() == PlacementWorkload.Constraint.SSD_ONLY && !w.ssd(i)) {
                    bad += e.getValue();
                }
            }
        }
        return bad;
    }

    int allocatedContainers() {
        return scheduler.getRootQueueMetrics().getAllocatedContainers();
    }

    @Override
    public void close() {
        scheduler.stop();
        QueueMetrics.clearQueueMetrics();
        ClusterMetrics.destroy();
        CapacitySchedulerMetrics.destroy();
        DefaultMetricsSystem.shutdown();
    }

    /** The RM's central dispatcher, minus the RM: events for other components are dropped. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class NoDispatcher implements Dispatcher {
        private final EventHandler handler = (Event e) -> { };

        @Override
        public EventHandler<Event> getEventHandler() {
            return handler;
        }

        @Override
        public void register(Class<? extends Enum> eventType, EventHandler handler) {
        }
    }
}
