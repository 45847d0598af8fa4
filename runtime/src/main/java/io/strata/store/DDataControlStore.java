package io.strata.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.LWWRegisterKey;
import org.apache.pekko.cluster.ddata.ORSet;
import org.apache.pekko.cluster.ddata.ORSetKey;
import org.apache.pekko.cluster.ddata.ReplicatedData;
import org.apache.pekko.cluster.ddata.ReplicatorSettings;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.typed.Cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The control store on Pekko Distributed Data, replicated across the master nodes.
 *
 * <p>Layout. Distributed Data replicates an entry whole on every change and gossips a digest of
 * every entry, so entries stay small and one per record:
 * <ul>
 *   <li>{@code r:<namespace>|<key>} — an {@link LWWRegister} of String holding the record's last
 *       {@link ControlStore#KEEP_VERSIONS} versions as one JSON array ({@link VersionHistory}),
 *       newest first. A removal is a tombstone version (null JSON), never a Replicator Delete: a
 *       deleted entry could never be written again, while a tombstoned record can.</li>
 *   <li>{@code i:<namespace>} — an {@link ORSet} of the namespace's live keys, so that a namespace
 *       can be listed without scanning. A put adds the key before it writes the record; a remove
 *       tombstones the record before it drops the key; a reader skips keys whose record is absent
 *       or removed, so a half-done put or remove never shows a record that is not there.</li>
 * </ul>
 * A removed record's register stays behind as a small tombstone (its last versions), the price of
 * never using Delete.
 *
 * <p>Consistency. Writes are {@code WriteMajority} and reads {@code ReadMajority} among the nodes
 * with the master role, so a read after a write acknowledged by a majority sees it, whichever
 * master node reads. The replicator is Strata's own (not Pekko's default one, which the typed
 * receptionist copies its settings from): settings under {@code strata.store.replicator}, every
 * entry durable through {@link FileDurableStore} under {@code strata.store.dir}. Pekko writes a
 * durable entry to disk on each node before that node acknowledges it, so an acknowledged write is
 * on the disks of a majority of master nodes.
 *
 * <p>A majority is counted among the master nodes this node knows of, so a master that starts alone
 * would count itself as a majority. With {@code strata.store.min-masters} set to a majority of the
 * deployment's masters (2 of 3), the store refuses to read or write until it sees that many.
 *
 * <p>One store per actor system: {@link #get(ActorSystem)}; only master nodes may create it.
 */
public final class DDataControlStore implements ControlStore, Extension {

    private static final ExtensionId<DDataControlStore> ID = new ExtensionId<>() {
        @Override
        public DDataControlStore createExtension(ActorSystem<?> system) {
            return new DDataControlStore(system);
        }
    };

    private final ActorSystem<?> system;
    private final ActorRef<Replicator.Command> replicator;
    private final SelfUniqueAddress self;
    private final Duration timeout;
    private final int minMasters;
    private final Clock clock = Clock.systemUTC();

    public static DDataControlStore get(ActorSystem<?> system) {
        return system.registerExtension(ID);
    }

    private DDataControlStore(ActorSystem<?> system) {
        Config config = system.settings().config();
        String role = config.getString("strata.store.replicator.role");
        if (!role.isEmpty() && !Cluster.get(system).selfMember().hasRole(role)) {
            throw new IllegalStateException("the control store runs only on nodes with the '" + role + "' role");
        }
        this.system = system;
        this.timeout = config.getDuration("strata.store.timeout");
        this.minMasters = config.getInt("strata.store.min-masters");
        Config replicatorConfig = config.getConfig("strata.store.replicator")
                .withValue("durable.dir", ConfigValueFactory.fromAnyRef(config.getString("strata.store.dir")))
                .withFallback(config.getConfig("pekko.cluster.distributed-data"));
        ReplicatorSettings settings = ReplicatorSettings.apply(replicatorConfig);
        // The same name on every master node: replicators find their peers by path.
        this.replicator = system.systemActorOf(Replicator.behavior(settings),
                config.getString("strata.store.replicator.name"), Props.empty());
        this.self = SelfUniqueAddress.apply(org.apache.pekko.cluster.Cluster.get(
                org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system)).selfUniqueAddress());
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public CompletionStage<Void> put(String namespace, String key, String json) {
        ControlStore.checkName(namespace, key);
        if (json == null) {
            throw new IllegalArgumentException("a record's JSON must not be null");
        }
        String what = "write " + namespace + "/" + key;
        long now = clock.millis();
        return update(indexKey(namespace), ORSet.<String>create(), set -> set.add(self, key), what)
                .thenCompose(v -> update(recordKey(namespace, key), LWWRegister.create(self, ""),
                        reg -> reg.withValue(self, VersionHistory.append(reg.getValue(), json, now)), what));
    }

    @Override
    public CompletionStage<Void> remove(String namespace, String key) {
        ControlStore.checkName(namespace, key);
        String what = "remove " + namespace + "/" + key;
        long now = clock.millis();
        return update(recordKey(namespace, key), LWWRegister.create(self, ""),
                reg -> {
                    String next = VersionHistory.remove(reg.getValue(), now);
                    return next.equals(reg.getValue()) ? reg : reg.withValue(self, next);
                }, what)
                .thenCompose(v -> update(indexKey(namespace), ORSet.<String>create(), set -> set.remove(self, key), what));
    }

    @Override
    public CompletionStage<Map<String, String>> readAll(String namespace) {
        ControlStore.checkName(namespace, "x");
        String what = "read " + namespace;
        return get(indexKey(namespace), what).thenCompose(index -> {
            List<String> keys = index.map(s -> new ArrayList<>(s.getElements())).orElseGet(ArrayList::new);
            List<CompletableFuture<Optional<String>>> reads = new ArrayList<>();
            for (String k : keys) {
                reads.add(read(namespace, k).toCompletableFuture());
            }
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
                Map<String, String> out = new TreeMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    String k = keys.get(i);
                    reads.get(i).join().ifPresent(json -> out.put(k, json));
                }
                return out;
            });
        });
    }

    @Override
    public CompletionStage<Optional<String>> read(String namespace, String key) {
        ControlStore.checkName(namespace, key);
        return get(recordKey(namespace, key), "read " + namespace + "/" + key)
                .thenApply(reg -> reg.flatMap(r -> VersionHistory.latest(r.getValue())));
    }

    @Override
    public CompletionStage<List<StoredVersion>> history(String namespace, String key) {
        ControlStore.checkName(namespace, key);
        return get(recordKey(namespace, key), "read " + namespace + "/" + key)
                .thenApply(reg -> reg.map(r -> VersionHistory.decode(r.getValue())).orElse(List.of()));
    }

    /** How many master nodes this node's replicator replicates to, itself included. */
    public CompletionStage<Integer> replicaCount() {
        return AskPattern.<Replicator.Command, Replicator.ReplicaCount>ask(replicator, Replicator.GetReplicaCount::new,
                timeout, system.scheduler()).thenApply(Replicator.ReplicaCount::n);
    }

    private static Key<LWWRegister<String>> recordKey(String namespace, String key) {
        return LWWRegisterKey.create("r:" + namespace + "|" + key);
    }

    private static Key<ORSet<String>> indexKey(String namespace) {
        return ORSetKey.create("i:" + namespace);
    }

    /** Fails unless this node's replicator sees at least {@code strata.store.min-masters} master nodes. */
    private CompletionStage<Void> enoughMasters(String what) {
        if (minMasters <= 1) {
            return CompletableFuture.completedFuture(null);
        }
        return replicaCount().handle((n, error) -> {
            if (error != null) {
                throw unavailable(what, error);
            }
            if (n < minMasters) {
                throw new StoreUnavailableException("cannot " + what + ": this node sees " + n + " master node(s), "
                        + "the store needs " + minMasters + " (strata.store.min-masters)");
            }
            return null;
        });
    }

    private <A extends ReplicatedData> CompletionStage<Void> update(Key<A> key, A initial, Function<A, A> modify,
                                                                    String what) {
        Replicator.WriteConsistency majority = new Replicator.WriteMajority(timeout);
        CompletionStage<Replicator.UpdateResponse<A>> asked = enoughMasters(what).thenCompose(ok -> AskPattern.ask(
                replicator, replyTo -> new Replicator.Update<>(key, initial, majority, replyTo, modify::apply),
                timeout.plusSeconds(1), system.scheduler()));
        return asked.handle((response, error) -> {
            if (error != null) {
                throw unavailable(what, error);
            }
            if (response instanceof Replicator.UpdateSuccess) {
                return null;
            }
            if (response instanceof Replicator.UpdateTimeout) {
                throw new StoreUnavailableException("cannot " + what + ": no majority of master nodes acknowledged it "
                        + "within " + timeout.toSeconds() + "s (it may still spread)");
            }
            if (response instanceof Replicator.ModifyFailure<A> failure) {
                throw new IllegalStateException("cannot " + what + ": " + failure.errorMessage(), failure.cause());
            }
            throw new StoreUnavailableException("cannot " + what + ": " + response);
        });
    }

    private <A extends ReplicatedData> CompletionStage<Optional<A>> get(Key<A> key, String what) {
        Replicator.ReadConsistency majority = new Replicator.ReadMajority(timeout);
        CompletionStage<Replicator.GetResponse<A>> asked = enoughMasters(what).thenCompose(ok -> AskPattern.ask(
                replicator, replyTo -> new Replicator.Get<>(key, majority, replyTo), timeout.plusSeconds(1),
                system.scheduler()));
        return asked.handle((response, error) -> {
            if (error != null) {
                throw unavailable(what, error);
            }
            if (response instanceof Replicator.GetSuccess<A> success) {
                return Optional.of(success.get(key));
            }
            if (response instanceof Replicator.NotFound) {
                return Optional.empty();
            }
            if (response instanceof Replicator.GetFailure) {
                throw new StoreUnavailableException("cannot " + what + ": no majority of master nodes answered within "
                        + timeout.toSeconds() + "s");
            }
            throw new StoreUnavailableException("cannot " + what + ": " + response);
        });
    }

    private StoreUnavailableException unavailable(String what, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof StoreUnavailableException s) {
            return s;
        }
        if (cause instanceof TimeoutException) {
            return new StoreUnavailableException("cannot " + what + ": the control store did not answer within "
                    + timeout.plusSeconds(1).toSeconds() + "s", cause);
        }
        return new StoreUnavailableException("cannot " + what + ": " + cause, cause);
    }
}
