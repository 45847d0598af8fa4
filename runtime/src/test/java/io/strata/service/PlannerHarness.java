package io.strata.service;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Drives a {@link ServicePlanner} the way the scheduler actor does, with a fake clock and counted
 * ids, and records every action it decides (Nomad's scheduler Harness): tests assert decisions,
 * not processes.
 */
final class PlannerHarness {

    static final long START = 1_700_000_000_000L;

    final ServicePlanner planner;
    PlannerState state;
    long now = START;
    final List<ServiceAction> actions = new ArrayList<>();
    List<ServiceAction> last = List.of();
    Decision decision;
    private int nextId;
    private int nextOffer;

    PlannerHarness(Map<String, String> config) {
        IdSource ids = () -> String.format("v%03d", ++nextId);
        ServiceRecord record = ServicePlanner.newRecord(DemoType.INSTANCE, "demo", config, ids);
        this.planner = new ServicePlanner(DemoType.INSTANCE, ids, ServiceTimings.DEFAULT);
        this.state = PlannerState.start(record, DemoType.INSTANCE.definition("demo", config));
    }

    static PlannerHarness parallel(int nodes) {
        return new PlannerHarness(Map.of("nodes", Integer.toString(nodes), "strategy", "PARALLEL"));
    }

    static PlannerHarness serial(int nodes) {
        return new PlannerHarness(Map.of("nodes", Integer.toString(nodes), "strategy", "SERIAL"));
    }

    // ------------------------------------------------------------------ inputs

    Decision feed(ServiceInput input) {
        decision = planner.decide(state, input, now);
        state = decision.state();
        last = decision.actions();
        actions.addAll(last);
        return decision;
    }

    /** One offer per agent ("a1" → host 10.0.0.1), each large enough for one pod, ports 31000-31009. */
    Decision offers(String... agents) {
        List<Offer> offers = new ArrayList<>();
        for (String a : agents) {
            offers.add(offer(a, "31000-31009"));
        }
        return feed(new ServiceInput.OffersIn(offers));
    }

    /** One offer from {@code agent} with these ports. */
    Decision offerWithPorts(String agent, String ports) {
        return feed(new ServiceInput.OffersIn(List.of(offer(agent, ports))));
    }

    private Offer offer(String agent, String ports) {
        return new Offer(OfferId.of("o" + (++nextOffer) + "-" + agent), FrameworkId.of("demo-demo"), AgentId.of(agent),
                "10.0.0." + agent.substring(1), Resources.of(2, 4096, 4096, PortRanges.parse(ports)), Map.of());
    }

    Decision tick() {
        return feed(new ServiceInput.Tick());
    }

    /** Lets time pass, then the timer fires. */
    Decision after(Duration d) {
        now += d.toMillis();
        return tick();
    }

    Decision task(String podId, TaskState s, String reason) {
        TaskStatus status = new TaskStatus(TaskId.of(pod(podId).taskId()), FrameworkId.of("demo-demo"),
                pod(podId).placement().agentId(), s, reason, null, null, now);
        return feed(new ServiceInput.TaskUpdate(status));
    }

    Decision running(String podId) {
        return task(podId, TaskState.RUNNING, "running");
    }

    Decision ready(String podId) {
        return feed(new ServiceInput.Readiness(podId, pod(podId).taskId(), true, ""));
    }

    Decision notReady(String podId, String detail) {
        return feed(new ServiceInput.Readiness(podId, pod(podId).taskId(), false, detail));
    }

    Decision failed(String podId) {
        return task(podId, TaskState.FAILED, "exited with code 1");
    }

    Decision killed(String podId) {
        return task(podId, TaskState.KILLED, "killed on request");
    }

    /** Its task runs and passes its readiness check. */
    void up(String podId) {
        running(podId);
        ready(podId);
    }

    /** Every pod placed on its own agent (a1, a2, …) and ready, one after another as SERIAL needs. */
    void deployAll() {
        List<String> pods = state.orderedPods().stream().map(PodRecord::id).toList();
        for (int i = 0; i < pods.size(); i++) {
            String[] agents = new String[pods.size()];
            for (int k = 0; k < agents.length; k++) {
                agents[k] = "a" + (k + 1);
            }
            offers(agents);
            for (String p : pods) {
                if (pod(p).state() == PodState.STARTING) {
                    up(p);
                }
            }
        }
    }

    Decision restart() {
        return feed(new ServiceInput.Restart());
    }

    Decision replace(String podId) {
        return feed(new ServiceInput.Replace(podId));
    }

    Decision scale(Map<String, String> config) {
        return feed(new ServiceInput.Scale(config));
    }

    Decision delete() {
        return feed(new ServiceInput.Delete());
    }

    Decision delete(long graceMillis) {
        return feed(new ServiceInput.Delete(graceMillis));
    }

    Decision volumes(String... ids) {
        return feed(new ServiceInput.VolumesReport(Set.of(ids)));
    }

    // ------------------------------------------------------------------ what was decided

    PodRecord pod(String podId) {
        return state.pod(podId);
    }

    <T extends ServiceAction> List<T> last(Class<T> kind) {
        return last.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends ServiceAction> List<T> all(Class<T> kind) {
        return actions.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The pods launched by the last decision, in launch order. */
    List<String> launched() {
        return last(ServiceAction.Launch.class).stream().flatMap(l -> l.tasks().stream())
                .map(t -> t.labels().get("pod")).toList();
    }

    List<String> killedTasks() {
        return last(ServiceAction.Kill.class).stream().map(k -> k.taskId().value()).toList();
    }

    TaskSpec lastTaskOf(String podId) {
        return all(ServiceAction.Launch.class).stream().flatMap(l -> l.tasks().stream())
                .filter(t -> podId.equals(t.labels().get("pod"))).reduce((a, b) -> b).orElseThrow();
    }

    ServiceProtocol.ServiceStatus status() {
        return StatusReport.of(state);
    }

    Map<String, PodState> podStates() {
        return state.orderedPods().stream().collect(Collectors.toMap(PodRecord::id, PodRecord::state,
                (a, b) -> a, LinkedHashMap::new));
    }

    // ------------------------------------------------------------------ the service under test

    /**
     * A service of "node" pods (config {@code nodes}, deploy {@code strategy}) and optionally
     * "witness" pods before them; every pod has two ports and a 512 MB volume and goes on its own
     * agent. Each task's PEERS variable lists every placed pod's address.
     */
    static final class DemoType implements ServiceType {

        static final DemoType INSTANCE = new DemoType();

        @Override
        public String name() {
            return "demo";
        }

        @Override
        public ServiceDefinition definition(String serviceName, Map<String, String> config) {
            ConfigValues v = new ConfigValues(config);
            int nodes = v.intValue("nodes", 3);
            int witnesses = v.intValue("witnesses", 0);
            var strategy = ServiceDefinition.DeployStrategy.valueOf(v.string("strategy", "PARALLEL"));
            List<PodTemplate> pods = new ArrayList<>();
            if (witnesses > 0) {
                pods.add(new PodTemplate("witness", witnesses, Resources.of(0.5, 256), List.of("peer"), 128, 1, Map.of()));
            }
            pods.add(new PodTemplate("node", nodes, Resources.of(1, 1024), List.of("client", "peer"), 512, 1, Map.of()));
            return new DemoDefinition(pods, strategy);
        }
    }

    record DemoDefinition(List<PodTemplate> pods, DeployStrategy strategy) implements ServiceDefinition {

        @Override
        public TaskSpec task(PodView pod, ServiceView view) {
            return new TaskSpec(TaskId.of("template"), pod.id(), "run-node", List.of(),
                    Map.of("PEERS", peers(view)), Resources.EMPTY, Map.of("demo.index", Integer.toString(pod.index())));
        }

        @Override
        public boolean isReady(PodView pod, ServiceView view) {
            throw new UnsupportedOperationException("the harness feeds readiness results");
        }

        @Override
        public Map<String, String> endpoints(ServiceView view) {
            return Map.of("peers", peers(view));
        }

        static String peers(ServiceView view) {
            return view.pods().stream().map(p -> p.placement().host() + ":" + p.placement().port("peer"))
                    .collect(Collectors.joining(","));
        }
    }
}
