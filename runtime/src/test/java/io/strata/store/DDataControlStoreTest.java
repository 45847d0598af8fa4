package io.strata.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.strata.store.ControlStore.StoredVersion;
import io.strata.testing.Eventually;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Three master nodes in one JVM, each with its own replica directory, on loopback port 0. */
class DDataControlStoreTest {

    private static final Duration UP = Duration.ofSeconds(30);

    @TempDir
    Path homes;

    private final List<ActorTestKit> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(ActorTestKit::shutdownTestKit);
    }

    private ActorTestKit startMaster(String home) {
        return startMaster(home, ConfigFactory.empty());
    }

    private ActorTestKit startMaster(String home, Config overrides) {
        Config config = overrides.withFallback(ConfigFactory.parseString("""
                        pekko.remote.artery.canonical.port = 0
                        pekko.cluster.roles = [master]
                        pekko.cluster.gossip-interval = 200ms
                        pekko.cluster.leader-actions-interval = 200ms
                        strata.store.timeout = 3s
                        strata.store.replicator.gossip-interval = 200ms
                        """))
                .withValue("strata.store.dir", ConfigValueFactory.fromAnyRef(homes.resolve(home).resolve("control-store")
                        .toString()))
                .withFallback(ConfigFactory.load());
        ActorTestKit kit = ActorTestKit.create("strata", config);
        nodes.add(kit);
        return kit;
    }

    private static DDataControlStore store(ActorTestKit kit) {
        return DDataControlStore.get(kit.system());
    }

    /** Starts the masters as one cluster and waits until every replicator knows every master. */
    private List<DDataControlStore> cluster(String... homes) {
        return cluster(ConfigFactory.empty(), homes);
    }

    private List<DDataControlStore> cluster(Config overrides, String... homes) {
        List<ActorTestKit> kits = new ArrayList<>();
        for (String h : homes) {
            kits.add(startMaster(h, overrides));
        }
        var first = Cluster.get(kits.get(0).system()).selfMember().address();
        kits.forEach(k -> Cluster.get(k.system()).manager().tell(Join.create(first)));
        Eventually.await(UP, "every master Up", () -> kits.stream().allMatch(k -> StreamSupport.stream(
                Cluster.get(k.system()).state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up()).count() == homes.length));
        List<DDataControlStore> stores = kits.stream().map(DDataControlStoreTest::store).toList();
        Eventually.await(UP, "every replicator sees every master", () -> stores.stream()
                .allMatch(s -> s.replicaCount().toCompletableFuture().join() == homes.length));
        return stores;
    }

    @Test
    void aMajorityWriteSurvivesItsWriterAndVersionsTombstonesAndRecreationReplicate() {
        List<DDataControlStore> s = cluster("a", "b", "c");
        s.get(0).putNow("services/kafka", "k1", "{\"v\":1}");
        s.get(0).putNow("services/kafka", "k1", "{\"v\":2}");
        s.get(0).putNow("services/kafka", "k2", "{\"v\":1}");
        s.get(0).removeNow("services/kafka", "k2");
        s.get(0).putNow("adhoc/pending", "t-1", "{}");

        nodes.get(0).shutdownTestKit();

        assertThat(s.get(1).readAllNow("services/kafka")).isEqualTo(Map.of("k1", "{\"v\":2}"));
        assertThat(s.get(2).readNow("services/kafka", "k2")).isEmpty();
        List<StoredVersion> k2 = s.get(2).history("services/kafka", "k2").toCompletableFuture().join();
        assertThat(k2).extracting(StoredVersion::version, StoredVersion::json)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, null), org.assertj.core.groups.Tuple.tuple(1L, "{\"v\":1}"));

        s.get(1).putNow("services/kafka", "k2", "{\"v\":3}");
        assertThat(s.get(2).readAllNow("services/kafka")).isEqualTo(Map.of("k1", "{\"v\":2}", "k2", "{\"v\":3}"));
        assertThat(s.get(2).history("services/kafka", "k2").toCompletableFuture().join().get(0).version()).isEqualTo(3);
        assertThat(s.get(2).readAllNow("adhoc/pending")).containsOnlyKeys("t-1");
    }

    @Test
    void aMasterRestartedAloneFromItsHomeReadsTheRecordsBack() {
        List<DDataControlStore> s = cluster("a", "b");
        s.get(0).putNow("pipelines", "iot", "{\"steps\":3}");
        s.get(0).putNow("pipelines", "old", "{}");
        s.get(0).removeNow("pipelines", "old");
        nodes.forEach(ActorTestKit::shutdownTestKit);
        nodes.clear();

        DDataControlStore restarted = cluster("b").get(0);
        assertThat(restarted.readAllNow("pipelines")).isEqualTo(Map.of("iot", "{\"steps\":3}"));
        assertThat(restarted.history("pipelines", "old").toCompletableFuture().join()).hasSize(2);
        restarted.putNow("pipelines", "old", "{\"again\":true}");
        assertThat(restarted.readNow("pipelines", "old")).contains("{\"again\":true}");
    }

    @Test
    void aMasterAloneServesNothingWhenTheDeploymentNeedsTwo() {
        Config twoNeeded = ConfigFactory.parseString("strata.store.min-masters = 2");
        DDataControlStore alone = cluster(twoNeeded, "a").get(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> alone.readAllNow("services/kafka"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("cannot read services/kafka: this node sees 1 master node(s), the store needs 2 "
                        + "(strata.store.min-masters)");

        ActorTestKit second = startMaster("b", twoNeeded);
        DDataControlStore secondStore = store(second);
        Cluster.get(second.system()).manager().tell(Join.create(Cluster.get(nodes.get(0).system()).selfMember().address()));
        Eventually.await(UP, "the store served by two masters", () -> {
            try {
                alone.putNow("services/kafka", "k", "{}");
                return true;
            } catch (StoreUnavailableException e) {
                return false;
            }
        });
        assertThat(secondStore.readAllNow("services/kafka")).containsOnlyKeys("k");
    }

    @Test
    void badNamesAreRefusedWithTheRule() {
        DDataControlStore s = cluster("a").get(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.putNow("Services", "k", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower-case");
    }
}
