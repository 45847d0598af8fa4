package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.strata.pipelines.PipelinesProtocol.Command;
import io.strata.pipelines.PipelinesProtocol.Reply;
import io.strata.pipelines.spec.PipelineSpec;
import io.strata.store.MemoryControlStore;
import io.strata.testing.Eventually;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actor around the planner: timers drive every pipeline, the slow calls run off the actor,
 * records are saved, commands are answered at once. The cluster is a fake whose reads the test
 * can hold up; the only waits are for the actor's own timers.
 */
class PipelinesActorTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** The control store the orchestrator keeps its records in. */
    final MemoryControlStore records = new MemoryControlStore();

    ActorSystem<Command> system;
    final Map<String, FakeIo> ios = new HashMap<>();

    /** A pipeline's I/O that the test controls: reads wait for the gate, then its Kafka runs; every action is done. */
    static final class FakeIo implements PipelineIo {
        final CountDownLatch gate;
        final AtomicInteger reads = new AtomicInteger();
        final List<Action> acted = Collections.synchronizedList(new ArrayList<>());

        FakeIo(int closed) {
            gate = new CountDownLatch(closed);
        }

        @Override
        public Observation observe(Watch watch) {
            reads.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Observation.NOTHING;
            }
            Map<String, Observation.ServiceSeen> services = new HashMap<>();
            watch.probes().stream().filter(Watch.ServiceProbe.class::isInstance).forEach(p -> services.put(p.key(),
                    new Observation.ServiceFound(ServiceState.RUNNING, "", Map.of("bootstrap", "127.0.0.1:30000"))));
            return new Observation(services, Map.of(), Map.of(), null, null, null);
        }

        @Override
        public List<Outcome> act(List<Action> actions) {
            acted.addAll(actions);
            return actions.stream().map(PlannerHarness::done).toList();
        }

        @Override
        public void close() {
        }
    }

    static String kafkaOnly(String name) {
        return "name: " + name + "\nservices:\n  kafka:\n    topics: [{name: readings}]\n";
    }

    void start(String... pipelines) throws Exception {
        start(Duration.ofMillis(20), pipelines);
    }

    /** Every pause between steps {@code pause}, running or busy. */
    void start(Duration pause, String... pipelines) throws Exception {
        PipelinesSettings settings = new PipelinesSettings(pause, pause,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(15), 0.25, 384, 160, "datacenter1",
                dir.resolve("checkpoints"), "java", "cp");
        PipelineStore store = new PipelineStore(records, dir.resolve("store"));
        Clock clock = Clock.systemUTC();
        for (String p : pipelines) {
            PipelineRecord r = PipelineRecord.of(PlannerHarness.spec(dir, kafkaOnly(p)), Map.of(), clock.millis());
            store.save(p, LocalApi.MAPPER.writeValueAsString(r));
        }
        LocalApi noCluster = new LocalApi();
        PipelinesActor.Deps deps = new PipelinesActor.Deps(store, settings, clock, (pipeline, group) -> ios.get(pipeline),
                new Preflight(noCluster, settings), new PipelineChecks(noCluster), Executors.newCachedThreadPool());
        system = ActorSystem.create(PipelinesActor.create(deps), "pipelines-actor-test",
                ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
    }

    @AfterEach
    void stopSystem() throws Exception {
        ios.values().forEach(io -> io.gate.countDown());
        if (system != null) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    Reply ask(Function<ActorRef<Reply>, Command> message) {
        try {
            return AskPattern.<Command, Reply>ask(system, message::apply, Duration.ofSeconds(5), system.scheduler())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the actor did not answer: " + e, e);
        }
    }

    JsonNode status(String name) {
        Reply r = ask(to -> new PipelinesProtocol.Status(name, to));
        try {
            return LocalApi.MAPPER.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    String state(String name) {
        return status(name).path("state").asText();
    }

    @Test
    void onePipelinesStatusCarriesTheSpecAndJarsItRanWithSoItCanBeStartedAgainAsItWas() throws Exception {
        ios.put("again", new FakeIo(0));
        start("again");
        JsonNode one = status("again");
        PipelineSpec posted = LocalApi.MAPPER.treeToValue(one.path("spec"), PipelineSpec.class);
        assertThat(posted).isEqualTo(PlannerHarness.spec(dir, kafkaOnly("again")));
        assertThat(one.path("jars").isObject()).isTrue();

        Reply list = ask(PipelinesProtocol.ListAll::new);
        assertThat(LocalApi.MAPPER.readTree(list.body()).get(0).has("spec")).as("the list stays small").isFalse();
    }

    @Test
    void aSlowPipelinesReadInFlightDoesNotHoldBackAnotherPipelinesDecisions() throws Exception {
        ios.put("slow", new FakeIo(1));
        ios.put("fast", new FakeIo(0));
        start("slow", "fast");

        Eventually.await(WAIT, () -> "fast RUNNING: " + status("fast"), () -> state("fast").equals("RUNNING"));
        assertThat(ios.get("fast").acted).extracting(a -> a.getClass().getSimpleName())
                .containsExactly("CreateService", "CreateTopics");
        assertThat(ios.get("fast").reads.get()).isGreaterThan(1);
        assertThat(ios.get("slow").reads.get()).as("one read in flight, no second one queued behind it").isEqualTo(1);
        assertThat(state("slow")).isEqualTo("STARTING");
        assertThat(ios.get("slow").acted).isEmpty();
        assertThat(new PipelineStore(records, dir.resolve("store")).load()).filteredOn(r -> r.name().equals("fast"))
                .singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(PipelineRecord.State.RUNNING));

        ios.get("slow").gate.countDown();
        Eventually.await(WAIT, () -> "slow RUNNING: " + status("slow"), () -> state("slow").equals("RUNNING"));
    }

    @Test
    void aStopIsAnsweredWhileTheReadIsInFlightAndTakesEffectOnceItReturns() {
        ios.put("slow", new FakeIo(1));
        try {
            start("slow");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Eventually.await(WAIT, "the first read", () -> ios.get("slow").reads.get() == 1);

        Reply stop = ask(to -> new PipelinesProtocol.Stop("slow", false, to));
        assertThat(stop.status()).isEqualTo(202);
        assertThat(stop.body()).contains("\"state\":\"STOPPING\"");
        assertThat(status("slow").path("stop_requested_at").isNull()).isFalse();
        Reply forget = ask(to -> new PipelinesProtocol.Forget("slow", to));
        assertThat(forget.status()).as("only a stopped pipeline can be forgotten").isEqualTo(409);

        ios.get("slow").gate.countDown();
        Eventually.await(WAIT, () -> "slow STOPPED: " + status("slow"), () -> state("slow").equals("STOPPED"));
        assertThat(status("slow").path("reason").asText()).isEqualTo("stopped; every resource is back in the cluster");
        assertThat(ios.get("slow").acted).extracting(a -> a.getClass().getSimpleName())
                .as("nothing had been created, so only the checkpoints go").containsExactly("DeleteCheckpoints");
        assertThat(ask(to -> new PipelinesProtocol.Forget("slow", to)).status()).isEqualTo(200);
        assertThat(ask(to -> new PipelinesProtocol.Status("slow", to)).status()).isEqualTo(404);
    }

    @Test
    void aStopRequestStartsAStepAtOnceInsteadOfWaitingForThePause() throws Exception {
        ios.put("idle", new FakeIo(0));
        start(Duration.ofHours(1), "idle");
        Eventually.await(WAIT, () -> "the first step: " + status("idle"), () -> !ios.get("idle").acted.isEmpty());
        assertThat(ios.get("idle").reads.get()).as("then an hour's pause").isEqualTo(1);
        assertThat(state("idle")).isEqualTo("STARTING");

        assertThat(ask(to -> new PipelinesProtocol.Stop("idle", false, to)).status()).isEqualTo(202);
        Eventually.await(WAIT, "a step right after the request", () -> ios.get("idle").reads.get() == 2);
        Eventually.await(WAIT, "the service deleted in it",
                () -> ios.get("idle").acted.stream().anyMatch(Action.DeleteService.class::isInstance));
    }
}
