package io.strata.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.strata.protocol.AgentCommand;
import io.strata.protocol.HeartbeatArrivals;
import io.strata.protocol.HeartbeatLags;
import io.strata.protocol.MasterCommand;
import io.strata.resources.AgentId;
import io.strata.resources.Resources;
import io.strata.store.MemoryControlStore;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The master counts (its clock - the heartbeat's send time) of every heartbeat that carries one,
 * and (its clock - the heartbeat's arrival) while arrivals are noted, with every message serialized
 * as between nodes, and answers the counts so far.
 */
class MasterActorHeartbeatLagTest {

    private static final long NOW = 1_700_000_000_000L;

    private ActorTestKit kit;

    @AfterEach
    void stop() {
        HeartbeatArrivals.disable();
        if (kit != null) {
            kit.shutdownTestKit();
        }
    }

    @Test
    void heartbeatsWithASendTimeAreCountedByLagAndOthersAreNot() {
        Config config = ConfigFactory.parseString("""
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.roles = [master]
                pekko.actor.serialize-messages = on
                """).withFallback(ConfigFactory.load());
        kit = ActorTestKit.create("strata", config);
        Cluster cluster = Cluster.get(kit.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        MemoryControlStore store = new MemoryControlStore();
        ActorRef<MasterCommand> master = kit.spawn(MasterActor.create(
                MasterSettings.from(kit.system().settings().config()), clock, system -> store));
        ActorRef<AgentCommand> agent = kit.<AgentCommand>createTestProbe().getRef();
        AgentId id = AgentId.of("a1");
        // Heartbeats note arriving 5 ms before the master's clock; processing is counted from there.
        HeartbeatArrivals.enable(Clock.fixed(Instant.ofEpochMilli(NOW - 5), ZoneOffset.UTC));
        Resources total = Resources.of(4, 4096, 1024);

        master.tell(new MasterCommand.AgentHeartbeat(id, "127.0.0.1", total, Map.of(), List.of(), List.of(), agent,
                null, null, NOW - 42));
        master.tell(new MasterCommand.AgentHeartbeat(id, "127.0.0.1", total, Map.of(), List.of(), List.of(), agent,
                null, null, NOW - 2500));
        master.tell(new MasterCommand.AgentHeartbeat(id, "127.0.0.1", total, Map.of(), List.of(), List.of(), agent,
                null, null));
        TestProbe<HeartbeatLags> probe = kit.createTestProbe();
        master.tell(new MasterCommand.GetHeartbeatLags(probe.getRef()));
        HeartbeatLags lags = probe.receiveMessage(Duration.ofSeconds(10));

        assertThat(lags.total()).isEqualTo(2);
        assertThat(lags.counts()[42]).isEqualTo(1);
        assertThat(lags.max()).isEqualTo(4000);
        master.tell(new MasterCommand.GetHeartbeatLags(probe.getRef(), true));
        HeartbeatLags sinceArrival = probe.receiveMessage(Duration.ofSeconds(10));
        assertThat(sinceArrival.total()).isEqualTo(2);
        assertThat(sinceArrival.counts()[5]).isEqualTo(2);
    }
}
