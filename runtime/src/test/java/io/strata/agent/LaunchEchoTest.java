package io.strata.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.agent.process.TaskUsers;
import io.strata.protocol.AgentCommand;
import io.strata.protocol.MasterCommand;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent echoes the highest launch number it has received, and the master that numbered it,
 * in every heartbeat; a launch of another master starts the numbering over. No process is started:
 * the launches carry no tasks.
 */
class LaunchEchoTest {

    private static final FrameworkId FW = FrameworkId.of("fw");

    @TempDir
    Path workDir;
    private final ActorTestKit kit = ActorTestKit.create();

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void heartbeatsEchoTheHighestLaunchNumberOfTheLatestMaster() {
        TestProbe<MasterCommand> master = kit.createTestProbe();
        AgentSettings settings = new AgentSettings(AgentId.of("a1"), "127.0.0.1", Resources.of(1, 256), Map.of(),
                workDir, Duration.ofMillis(50), new HostListeners(workDir.resolve("no-proc-net")),
                TaskUsers.agentsOwn());
        ActorRef<AgentCommand> agent = kit.spawn(AgentActor.create(settings, master.ref(), Clock.systemUTC()));

        MasterCommand.AgentHeartbeat first = master.expectMessageClass(MasterCommand.AgentHeartbeat.class);
        assertThat(first.launchEpoch()).isNull();
        assertThat(first.launchSeq()).isZero();

        agent.tell(new AgentCommand.LaunchTasks(FW, List.of(), "e1", 2L));
        agent.tell(new AgentCommand.LaunchTasks(FW, List.of(), "e1", 1L));
        awaitEcho(master, "e1", 2);

        agent.tell(new AgentCommand.LaunchesSent("e1", 5));
        awaitEcho(master, "e1", 5);

        agent.tell(new AgentCommand.LaunchTasks(FW, List.of()));
        agent.tell(new AgentCommand.LaunchTasks(FW, List.of(), "e2", 1L));
        awaitEcho(master, "e2", 1);
    }

    /** Heartbeats come on the agent's timer; the echo shows in one of the next few. */
    private static void awaitEcho(TestProbe<MasterCommand> master, String epoch, long seq) {
        for (int i = 0; i < 50; i++) {
            MasterCommand.AgentHeartbeat hb = master.expectMessageClass(MasterCommand.AgentHeartbeat.class);
            if (epoch.equals(hb.launchEpoch()) && hb.launchSeq() == seq) {
                return;
            }
            if (epoch.equals(hb.launchEpoch())) {
                assertThat(hb.launchSeq()).as("echoes only grow within one master").isLessThanOrEqualTo(seq);
            }
        }
        throw new AssertionError("no heartbeat echoed " + epoch + " #" + seq);
    }
}
