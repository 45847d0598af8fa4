package io.strata.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.node.StrataNode;
import io.strata.resources.AgentId;
import io.strata.resources.Offer;
import io.strata.scheduler.FrameworkInfo;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.TestFramework;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent does not offer a port of its range that another program on its host listens on,
 * and offers it again once that program lets go of it.
 */
class PortsHeldByOtherProgramsTest {

    static final Duration DEADLINE = Duration.ofSeconds(20);
    /** Below the kernel's ephemeral range, so no client socket takes one by chance. */
    static final int FIRST = 24100;
    static final int HELD = 24102;

    @TempDir
    Path home;
    StrataNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aPortAnotherProgramListensOnIsNotOfferedUntilItIsFreed() throws Exception {
        node = LoopbackCluster.start(home, 2, 1, 512, 512, FIRST + "-" + (FIRST + 4), Duration.ofSeconds(1));
        TestFramework fw = TestFramework.start(node.system(), node.master(), FrameworkInfo.of("ports-test"));
        AgentId agent2 = AgentId.of("agent-2");
        Eventually.await(DEADLINE, "an offer of agent-2 with port " + HELD,
                () -> latestOffer(fw, agent2) != null && latestOffer(fw, agent2).resources().ports().contains(HELD));

        try (ServerSocket other = new ServerSocket(HELD, 1, InetAddress.getByName("127.0.0.2"))) {
            int seen = fw.offersSeen().size();
            Eventually.await(DEADLINE, "an offer of agent-2 without port " + HELD, () -> {
                Offer o = latestOffer(fw, agent2, seen);
                return o != null && !o.resources().ports().contains(HELD);
            });
            // The same port on another agent's address is free to use there.
            Offer agent1 = latestOffer(fw, AgentId.of("agent-1"));
            assertThat(agent1.resources().ports().contains(HELD)).isTrue();
        }

        int seen = fw.offersSeen().size();
        Eventually.await(DEADLINE, "an offer of agent-2 with port " + HELD + " again", () -> {
            Offer o = latestOffer(fw, agent2, seen);
            return o != null && o.resources().ports().contains(HELD);
        });
    }

    private static Offer latestOffer(TestFramework fw, AgentId agent) {
        return latestOffer(fw, agent, 0);
    }

    /** The newest offer of {@code agent} among those seen after the first {@code skip}. */
    private static Offer latestOffer(TestFramework fw, AgentId agent, int skip) {
        // A copy: the framework keeps adding offers while we look.
        List<Offer> all = List.copyOf(fw.offersSeen());
        Offer latest = null;
        for (Offer o : all.subList(Math.min(skip, all.size()), all.size())) {
            if (o.agentId().equals(agent)) {
                latest = o;
            }
        }
        return latest;
    }
}
