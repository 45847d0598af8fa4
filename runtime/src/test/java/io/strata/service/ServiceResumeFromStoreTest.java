package io.strata.service;

import io.strata.node.StrataNode;
import io.strata.service.ServiceProtocol.Command;
import io.strata.service.ServiceProtocol.ListServices;
import io.strata.service.ServiceProtocol.Scale;
import io.strata.service.ServiceProtocol.Reply;
import io.strata.service.ServiceProtocol.ServiceList;
import io.strata.service.ServiceProtocol.ServiceStatus;
import io.strata.store.ControlStore;
import io.strata.store.MemoryControlStore;
import io.strata.store.StoreUnavailableException;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service manager starts from the control store only, and a scheduler whose save cannot reach a
 * majority does nothing more of that decision: it stops and comes back from the stored record.
 * A real master (no agents: pods wait for offers); the store is in memory and can be made
 * unreachable, as a master node cut off from the others sees it.
 */
class ServiceResumeFromStoreTest {

    /** The in-memory store behind a switch: while unreachable, every call fails as a lost majority does. */
    static final class SwitchableStore implements ControlStore {
        final MemoryControlStore inner = new MemoryControlStore();
        volatile boolean reachable = true;
        final AtomicInteger refused = new AtomicInteger();

        private <T> CompletionStage<T> gate(java.util.function.Supplier<CompletionStage<T>> call) {
            if (reachable) {
                return call.get();
            }
            refused.incrementAndGet();
            return CompletableFuture.failedFuture(new StoreUnavailableException("no majority of master nodes answered"));
        }

        @Override
        public CompletionStage<Void> put(String namespace, String key, String json) {
            return gate(() -> inner.put(namespace, key, json));
        }

        @Override
        public CompletionStage<Void> remove(String namespace, String key) {
            return gate(() -> inner.remove(namespace, key));
        }

        @Override
        public CompletionStage<Map<String, String>> readAll(String namespace) {
            return gate(() -> inner.readAll(namespace));
        }

        @Override
        public CompletionStage<Optional<String>> read(String namespace, String key) {
            return gate(() -> inner.read(namespace, key));
        }

        @Override
        public CompletionStage<List<StoredVersion>> history(String namespace, String key) {
            return gate(() -> inner.history(namespace, key));
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(1);
        }
    }

    @TempDir
    Path home;

    private StrataNode node;
    private final SwitchableStore control = new SwitchableStore();
    private ServiceStore services;

    @BeforeEach
    void start() {
        node = LoopbackCluster.start(home, 0, 1.0, 512, 100, "31200-31210", Duration.ofSeconds(1));
        services = new ServiceStore(control, home, "demo");
        services.save(ServicePlanner.newRecord(PlannerHarness.DemoType.INSTANCE, "saved", Map.of("nodes", "2"),
                () -> "v1"));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private ActorRef<Command> manager(String name) {
        return node.system().systemActorOf(
                ServiceManager.create(PlannerHarness.DemoType.INSTANCE, node.master(), services), name, Props.empty());
    }

    private List<String> names(ActorRef<Command> manager) {
        ServiceList list = AskPattern.<Command, ServiceList>ask(manager, ListServices::new, Duration.ofSeconds(10),
                node.system().scheduler()).toCompletableFuture().join();
        return list.services().stream().map(ServiceStatus::name).toList();
    }

    @Test
    void aManagerResumesOnlyWhatTheStoreHoldsAndWaitsForTheStoreToAnswer() {
        control.reachable = false;
        ActorRef<Command> manager = manager("demo-manager-wait");
        Eventually.await(Duration.ofSeconds(10), "the manager tried to read the store", () -> control.refused.get() > 0);
        control.reachable = true;
        assertThat(names(manager)).containsExactly("saved");
    }

    @Test
    void aDecisionWhoseSaveFailsIsNotCarriedOutAndTheServiceComesBackFromItsRecord() {
        ActorRef<Command> manager = manager("demo-manager-save");
        assertThat(names(manager)).containsExactly("saved");

        control.reachable = false;
        Reply reply = AskPattern.<Command, Reply>ask(manager, r -> new Scale("saved", Map.of("nodes", "3"), r), Duration.ofSeconds(10),
                node.system().scheduler()).toCompletableFuture().join();
        assertThat(reply.error()).startsWith("not done: ").contains("no majority");
        Eventually.await(Duration.ofSeconds(10), "the scheduler stopped", () -> names(manager).isEmpty());

        control.reachable = true;
        Eventually.await(Duration.ofSeconds(20), "the service resumed", () -> names(manager).contains("saved"));
        assertThat(services.load("saved")).get().extracting(r -> r.pods().size()).isEqualTo(2);
    }
}
