package io.strata.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.strata.node.MasterSingleton;
import io.strata.protocol.AgentCommand;
import io.strata.protocol.FrameworkEvent;
import io.strata.protocol.MasterCommand;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.testing.Eventually;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.remote.RARP;
import org.apache.pekko.remote.RARP$;
import org.apache.pekko.remote.transport.ThrottlerTransportAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Three master nodes in one JVM; the node hosting the master singleton is cut off from the other
 * two (Artery's test-mode blackhole, both ways). The split brain resolver is slowed to a minute so
 * that only the quorum gate stands between the cut-off master and acting: it must answer a launch
 * LOST with the reason, send nothing to its agent, and declare no agent lost, although an agent
 * on the other side stays silent past the agent timeout. After the cut heals it launches again.
 */
class MinorityMasterTest {

    private static final FrameworkId FW = FrameworkId.of("fw-minority");
    private static final AgentId NEAR = AgentId.of("agent-near");
    private static final AgentId FAR = AgentId.of("agent-far");

    @TempDir
    Path stores;

    private final List<ActorTestKit> kits = new ArrayList<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        heartbeats.shutdownNow();
        kits.forEach(ActorTestKit::shutdownTestKit);
    }

    @Test
    void cutOffMasterLaunchesNothingAndLosesNoAgentUntilTheCutHeals() {
        for (int i = 0; i < 3; i++) {
            // Each master node keeps its replica of the control store (the master reads groups from it).
            kits.add(ActorTestKit.create("strata", config().withValue("strata.store.dir",
                    ConfigValueFactory.fromAnyRef(stores.resolve("master-" + i).toString()))));
        }
        Address first = Cluster.get(kits.get(0).system()).selfMember().address();
        kits.forEach(k -> Cluster.get(k.system()).manager().tell(Join.create(first)));
        Eventually.await(Duration.ofSeconds(60), "three master nodes up", () -> kits.stream().allMatch(k ->
                countUp(k.system()) == 3));
        List<ActorRef<MasterCommand>> masters = kits.stream().map(k -> MasterSingleton.init(k.system())).toList();

        // The framework and one agent live with the singleton (node 0); another agent on node 1.
        TestProbe<FrameworkEvent> framework = kits.get(0).createTestProbe();
        TestProbe<AgentCommand> near = kits.get(0).createTestProbe();
        TestProbe<AgentCommand> far = kits.get(1).createTestProbe();
        heartbeats.scheduleAtFixedRate(() -> {
            masters.get(0).tell(new MasterCommand.FrameworkHeartbeat(FW, "fw", "*", framework.getRef()));
            masters.get(0).tell(agentHeartbeat(NEAR, near.getRef()));
            masters.get(1).tell(agentHeartbeat(FAR, far.getRef()));
        }, 0, 300, TimeUnit.MILLISECONDS);
        Offer nearOffer = offerOf(framework, NEAR, Duration.ofSeconds(30));
        near.expectMessageClass(AgentCommand.Registered.class);

        cut(true);
        Eventually.await(Duration.ofSeconds(20), "node 0 sees the other two unreachable",
                () -> Cluster.get(kits.get(0).system()).state().getUnreachable().size() == 2);
        // The master hears of it through its own subscription; meanwhile it offers nothing.
        framework.expectNoMessage(Duration.ofMillis(500));
        masters.get(0).tell(new MasterCommand.Accept(FW, nearOffer.id(), List.of(task("during-cut"))));

        FrameworkEvent answer = framework.receiveMessage(Duration.ofSeconds(10));
        assertThat(answer).isInstanceOfSatisfying(FrameworkEvent.StatusUpdate.class, u -> {
            assertThat(u.status().taskId().value()).isEqualTo("during-cut");
            assertThat(u.status().state()).isEqualTo(TaskState.LOST);
            assertThat(u.status().reason()).isEqualTo("master has no quorum of master nodes (1 of 3 reachable)");
        });
        // Past the agent timeout (3 s here) the far agent has been silent for the cut-off master:
        // no agent lost, no offer, nothing launched or killed.
        framework.expectNoMessage(Duration.ofSeconds(5));
        near.expectNoMessage(Duration.ofMillis(200));

        cut(false);
        Eventually.await(Duration.ofSeconds(30), "the cut healed",
                () -> Cluster.get(kits.get(0).system()).state().getUnreachable().isEmpty());
        Offer after = offerOf(framework, NEAR, Duration.ofSeconds(30));
        masters.get(0).tell(new MasterCommand.Accept(FW, after.id(), List.of(task("after-cut"))));
        AgentCommand launch = near.fishForMessage(Duration.ofSeconds(10), "the launch after the cut",
                e -> e instanceof AgentCommand.LaunchTasks
                        ? FishingOutcomes.complete()
                        : FishingOutcomes.continueAndIgnore()).get(0);
        assertThat(((AgentCommand.LaunchTasks) launch).tasks()).extracting(t -> t.taskId().value())
                .containsExactly("after-cut");
    }

    /** Blackholes node 0 from nodes 1 and 2, both ways, or lets traffic through again. */
    private void cut(boolean on) {
        ThrottlerTransportAdapter.ThrottleMode mode = on
                ? ThrottlerTransportAdapter.Blackhole$.MODULE$ : ThrottlerTransportAdapter.Unthrottled$.MODULE$;
        Address zero = Cluster.get(kits.get(0).system()).selfMember().address();
        for (int i = 1; i < 3; i++) {
            Address other = Cluster.get(kits.get(i).system()).selfMember().address();
            throttle(kits.get(0).system(), other, mode);
            throttle(kits.get(i).system(), zero, mode);
        }
    }

    private static void throttle(ActorSystem<?> system, Address to, ThrottlerTransportAdapter.ThrottleMode mode) {
        ((RARP) RARP$.MODULE$.get(system.classicSystem())).provider().transport().managementCommand(
                new ThrottlerTransportAdapter.SetThrottle(to, bothWays(), mode));
    }

    /** Scala's nested object Direction.Both, which javac cannot name. */
    private static ThrottlerTransportAdapter.Direction bothWays() {
        try {
            return (ThrottlerTransportAdapter.Direction) Class.forName(
                    "org.apache.pekko.remote.transport.ThrottlerTransportAdapter$Direction$Both$")
                    .getField("MODULE$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Offer offerOf(TestProbe<FrameworkEvent> framework, AgentId agent, Duration within) {
        List<FrameworkEvent> seen = framework.fishForMessage(within, "an offer of " + agent, e ->
                e instanceof FrameworkEvent.Offers o && o.offers().stream().anyMatch(x -> x.agentId().equals(agent))
                        ? FishingOutcomes.complete()
                        : FishingOutcomes.continueAndIgnore());
        FrameworkEvent.Offers last = (FrameworkEvent.Offers) seen.get(seen.size() - 1);
        return last.offers().stream().filter(x -> x.agentId().equals(agent)).findFirst().orElseThrow();
    }

    private static MasterCommand.AgentHeartbeat agentHeartbeat(AgentId id, ActorRef<AgentCommand> ref) {
        return new MasterCommand.AgentHeartbeat(id, "host-" + id.value(), Resources.of(2, 1024), Map.of(), List.of(),
                ref);
    }

    private static TaskSpec task(String id) {
        return TaskSpec.of(TaskId.of(id), Resources.of(0.5, 64), "sleep", "100");
    }

    private static long countUp(ActorSystem<?> system) {
        List<org.apache.pekko.cluster.Member> members = new ArrayList<>();
        Cluster.get(system).state().getMembers().forEach(members::add);
        return members.stream().filter(m -> m.status() == MemberStatus.up()).count();
    }

    private static Config config() {
        return ConfigFactory.parseString("""
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = 0
                pekko.remote.artery.advanced.test-mode = on
                pekko.cluster.roles = [master]
                # only the gate may keep the cut-off master from acting during the test
                pekko.cluster.split-brain-resolver.stable-after = 60s
                pekko.loglevel = WARNING
                strata.agent-timeout = 3s
                strata.reregistration-grace = 2s
                """).withFallback(ConfigFactory.load());
    }
}
