package io.strata.service;

import io.strata.node.StrataNode;
import io.strata.service.ServiceProtocol.Command;
import io.strata.service.ServiceProtocol.Delete;
import io.strata.service.ServiceProtocol.Reply;
import io.strata.service.ServiceProtocol.Status;
import io.strata.service.ServiceProtocol.StatusReply;
import io.strata.store.MemoryControlStore;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every status ask is answered while a service is being deleted: before, asks that reached its
 * scheduler as it stopped waited out their timeout (the CLI's 'kafka delete' following it and a
 * pipeline's teardown each once saw a 10 s stall and a 503). A real master, no agents: the pods
 * never launch, so the delete finishes at once.
 */
class ServiceDeleteAnswersTest {

    @TempDir
    Path home;

    private StrataNode node;

    @BeforeEach
    void start() {
        node = LoopbackCluster.start(home, 0, 1.0, 512, 100, "31220-31230", Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void statusAsksDuringADeleteAreAllAnsweredAndTheNameCanBeTakenAgainAtOnce() {
        ServiceStore store = new ServiceStore(new MemoryControlStore(), home, "demo");
        store.save(ServicePlanner.newRecord(PlannerHarness.DemoType.INSTANCE, "gone", Map.of("nodes", "2"), () -> "v1"));
        ActorRef<Command> manager = node.system().systemActorOf(
                ServiceManager.create(PlannerHarness.DemoType.INSTANCE, node.master(), store), "demo-delete-answers",
                Props.empty());
        assertThat(status(manager).toCompletableFuture().join().status()).isNotNull();

        CompletableFuture<Reply> delete = AskPattern.<Command, Reply>ask(manager, r -> new Delete("gone", 0L, r),
                Duration.ofSeconds(5), node.system().scheduler()).toCompletableFuture();
        // Asks keep arriving all through the delete, at most 20 in flight, until 300 said it is gone.
        List<CompletableFuture<StatusReply>> asks = new ArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger sawGone = new AtomicInteger();
        while (sawGone.get() < 300 && asks.size() < 1_000_000) {
            if (inFlight.get() >= 20) {
                Thread.onSpinWait();
                continue;
            }
            inFlight.incrementAndGet();
            asks.add(status(manager).whenComplete((reply, err) -> {
                inFlight.decrementAndGet();
                if (reply != null && reply.status() == null) {
                    sawGone.incrementAndGet();
                }
            }));
        }
        assertThat(delete.join().error()).isNull();
        int unanswered = 0;
        for (CompletableFuture<StatusReply> ask : asks) {
            try {
                ask.join();
            } catch (CompletionException timedOut) {
                unanswered++;
            }
        }
        assertThat(unanswered).as("status asks of %d that timed out during the delete", asks.size()).isZero();
        assertThat(asks.get(asks.size() - 1).join().error()).isEqualTo("no demo service named 'gone'");

        Reply again = AskPattern.<Command, Reply>ask(manager,
                r -> new ServiceProtocol.Create("gone", Map.of("nodes", "1"), r), Duration.ofSeconds(5),
                node.system().scheduler()).toCompletableFuture().join();
        assertThat(again.error()).as("the name is free as soon as the delete is answered").isNull();
        assertThat(status(manager).join().status()).isNotNull();
    }

    private CompletableFuture<StatusReply> status(ActorRef<Command> manager) {
        return AskPattern.<Command, StatusReply>ask(manager, r -> new Status("gone", r), Duration.ofSeconds(3),
                node.system().scheduler()).toCompletableFuture();
    }
}
