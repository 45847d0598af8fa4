package io.strata.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.strata.protocol.ClusterState;
import io.strata.protocol.GroupQuota;
import io.strata.protocol.MasterCommand;
import io.strata.resources.Resources;
import io.strata.store.ControlStore;
import io.strata.store.MemoryControlStore;
import io.strata.store.StoreUnavailableException;
import io.strata.testing.Eventually;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The master actor on a one-node cluster (loopback, port 0) with an in-memory control store and
 * every message serialized as between nodes: it reads the group records when it takes over, keeps
 * trying while the store does not answer, and applies an operator's SetGroups.
 */
class MasterActorGroupsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private ActorTestKit kit;

    @AfterEach
    void stop() {
        if (kit != null) {
            kit.shutdownTestKit();
        }
    }

    private ActorRef<MasterCommand> startMaster(ControlStore store) {
        Config config = ConfigFactory.parseString("""
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.roles = [master]
                pekko.actor.serialize-messages = on
                strata.allocation-interval = 100ms
                """).withFallback(ConfigFactory.load());
        kit = ActorTestKit.create("strata", config);
        Cluster cluster = Cluster.get(kit.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        return kit.spawn(MasterActor.create(MasterSettings.from(kit.system().settings().config()), Clock.systemUTC(),
                system -> store));
    }

    private List<ClusterState.GroupView> groups(ActorRef<MasterCommand> master) {
        TestProbe<ClusterState> probe = kit.createTestProbe();
        master.tell(new MasterCommand.GetState(probe.getRef()));
        return probe.receiveMessage(Duration.ofSeconds(5)).groups();
    }

    @Test
    void theMasterAppliesTheStoredGroupsWhenItTakesOverAndAnOperatorsChangeAfterwards() {
        MemoryControlStore store = new MemoryControlStore();
        store.putNow("groups", "iot", """
                {"name":"iot","weight":2,"guarantee":{"cpus":2,"memMb":2048},"limit":{"cpus":6,"memMb":8192},"users":[]}
                """);
        store.putNow("groups", "broken", "{\"name\":\"broken\",\"weight\":-1}");
        ActorRef<MasterCommand> master = startMaster(store);

        Eventually.await(WAIT, "the stored group applied", () -> groups(master).size() == 2);
        assertThat(groups(master)).containsExactly(
                new ClusterState.GroupView("default", 1, Resources.EMPTY, Resources.EMPTY, Resources.EMPTY),
                new ClusterState.GroupView("iot", 2, Resources.of(2, 2048), Resources.of(6, 8192), Resources.EMPTY));

        master.tell(new MasterCommand.SetGroups(List.of(new GroupQuota("science", 1, null, Resources.of(4, 0)))));

        Eventually.await(WAIT, "the operator's groups applied", () -> groups(master).stream()
                .map(ClusterState.GroupView::name).toList().equals(List.of("default", "science")));
    }

    @Test
    void theMasterKeepsReadingTheGroupsUntilTheStoreAnswers() {
        MemoryControlStore records = new MemoryControlStore();
        records.putNow("groups", "iot", "{\"name\":\"iot\",\"limit\":{\"cpus\":6}}");
        AtomicInteger reads = new AtomicInteger();
        ControlStore flaky = new FirstReadFails(records, reads);
        ActorRef<MasterCommand> master = startMaster(flaky);

        Eventually.await(Duration.ofSeconds(30), "the groups read on the second try",
                () -> groups(master).stream().anyMatch(g -> g.name().equals("iot")));
        assertThat(reads.get()).isEqualTo(2);
    }

    /** A store whose first read of the groups fails as one without a majority does. */
    private record FirstReadFails(ControlStore inner, AtomicInteger reads) implements ControlStore {
        @Override
        public CompletionStage<Map<String, String>> readAll(String namespace) {
            if (reads.incrementAndGet() == 1) {
                return CompletableFuture.failedFuture(new StoreUnavailableException(
                        "no majority of master nodes answered", null));
            }
            return inner.readAll(namespace);
        }

        @Override
        public CompletionStage<Void> put(String namespace, String key, String json) {
            return inner.put(namespace, key, json);
        }

        @Override
        public CompletionStage<Void> remove(String namespace, String key) {
            return inner.remove(namespace, key);
        }

        @Override
        public CompletionStage<Optional<String>> read(String namespace, String key) {
            return inner.read(namespace, key);
        }

        @Override
        public CompletionStage<List<StoredVersion>> history(String namespace, String key) {
            return inner.history(namespace, key);
        }

        @Override
        public Duration timeout() {
            return inner.timeout();
        }
    }
}
