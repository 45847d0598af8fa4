package io.strata.apps;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Sticky apps under a fake clock: an ended instance goes back to its agent and ports for its window, then anywhere. */
class StickyPlacementTest {

    static final String STICKY = AppPlannerTest.V1 + "sticky: {for: 90s}\n";

    final AppPlannerTest planner = new AppPlannerTest();
    long now = 1_000_000;

    IntFunction<AppDefinition> defs(AppRecord app) {
        return planner.defs(app);
    }

    /** One planning step at {@link #now}, with launches added as the actor adds them. */
    AppPlanner.Plan step(AppRecord app) {
        planner.now = now;
        return planner.step(app);
    }

    /** The app of {@code text} with its 3 instances running and healthy on agent-1..3, on ports 31001..31003. */
    AppRecord running(String text) {
        AppRecord app = step(AppChanges.create(AppPlannerTest.parse(text), text, "default", now)).record();
        int k = 0;
        for (AppInstance i : app.instances()) {
            k++;
            app = app.replacing(i.launched("task-" + k, "agent-" + k, "127.0.0." + k, Map.of("http", 31000 + k))
                    .running(null, now));
        }
        return step(app).record();
    }

    static Offer offer(int agent, double cpus, PortRanges ports) {
        return new Offer(OfferId.of("o" + agent), FrameworkId.of("strata-apps"), AgentId.of("agent-" + agent),
                "127.0.0." + agent, Resources.of(cpus, 1024, 0, ports), Map.of());
    }

    static Offer roomy(int agent) {
        return offer(agent, 1.0, PortRanges.range(31000, 31010));
    }

    AppOffers.Match match(Offer offer, AppRecord app) {
        return AppOffers.match(offer, List.of(app), Map.of("web", defs(app)), now);
    }

    /** Instance 2 (agent-2, port 31002) ended as {@code state}; the clock past its 1 s backoff. */
    AppRecord endedOnAgent2(AppRecord app, TaskState state) {
        AppInstance i = app.instances().get(1);
        AppRecord ended = TaskEvents.apply(app, i, state, "killed by signal 9 (SIGKILL)", defs(app).apply(1), now);
        now += 1_000;
        return ended;
    }

    AppRecord withReason(AppRecord app, String id, String why) {
        return app.replacing(app.instance(id).withState(InstanceState.STARTING, why));
    }

    @Test
    void anEndedInstanceIsPlacedOnlyOnItsAgentWithItsPorts() {
        AppRecord app = endedOnAgent2(running(STICKY), TaskState.FAILED);
        AppInstance waiting = app.instances().get(1);
        assertThat(waiting.stickTo()).isEqualTo(new StickySpot("agent-2", "127.0.0.2", Map.of("http", 31002),
                now - 1_000));
        assertThat(waiting.reason()).contains("on agent-2 (127.0.0.2) with ports {http=31002} (sticky for 1m30s)");

        AppOffers.Match elsewhere = match(roomy(4), app);
        assertThat(elsewhere.placed()).isEmpty();
        assertThat(elsewhere.refusals()).containsEntry(waiting.id(),
                "waiting for agent-2 (127.0.0.2), where it ran (sticky for 1m29s more)");

        AppOffers.Match home = match(roomy(2), app);
        assertThat(home.placed()).singleElement().satisfies(p -> {
            assertThat(p.instanceId()).isEqualTo(waiting.id());
            assertThat(p.ports()).as("its own port, not the lowest free").containsEntry("http", 31002);
        });
        AppInstance back = waiting.launched("task-9", "agent-2", "127.0.0.2", home.placed().get(0).ports());
        assertThat(back.stickTo()).isNull();
        assertThat(back.reason()).startsWith("launched again on agent-2, where it ran, with ports {http=31002}");
    }

    @Test
    void whileItsAgentCannotTakeItTheReasonSaysWhatIsMissingAndHowLongItWaits() {
        AppRecord app = endedOnAgent2(running(STICKY), TaskState.FAILED);
        String id = app.instances().get(1).id();
        String lacking = match(offer(2, 0.05, PortRanges.range(31000, 31010)), app).refusals().get(id);
        assertThat(lacking).startsWith("waiting for agent-2 (127.0.0.2), where it ran (sticky for 1m29s more): it lacks"
                + " 0.05 cpus");
        app = withReason(app, id, lacking);
        now += 30_000;
        assertThat(match(roomy(1), app).refusals().get(id)).as("another agent's offer keeps what agent-2 lacked")
                .isEqualTo(lacking.replace("1m29s", "59s"));

        Offer portTaken = offer(2, 1.0, PortRanges.of(List.of(new PortRanges.Range(31000, 31001),
                new PortRanges.Range(31003, 31010))));
        assertThat(match(portTaken, app).placed()).isEmpty();
        assertThat(match(portTaken, app).refusals().get(id)).endsWith("(sticky for 59s more): port 31002 is taken");
    }

    @Test
    void afterItsWindowItMayGoAnywhereAndSaysItMoved() {
        AppRecord app = endedOnAgent2(running(STICKY), TaskState.FAILED);
        AppInstance waiting = app.instances().get(1);
        now += 88_999;
        assertThat(match(roomy(4), app).placed()).as("1 ms of the window left").isEmpty();
        now += 1;
        AppOffers.Match m = match(roomy(4), app);
        assertThat(m.placed()).singleElement().satisfies(p -> assertThat(p.ports()).containsEntry("http", 31000));
        assertThat(waiting.launched("task-9", "agent-4", "127.0.0.4", m.placed().get(0).ports()).reason())
                .startsWith("launched on agent-4: its sticky window on agent-2 (127.0.0.2) ran out");
    }

    @Test
    void aTaskLostWithItsAgentWaitsForTheAgentThroughTheWindow() {
        AppRecord app = endedOnAgent2(running(STICKY), TaskState.LOST);
        now += 60_000;
        assertThat(match(roomy(1), app).placed()).isEmpty();
        assertThat(match(roomy(2), app).placed()).as("the agent came back").singleElement()
                .satisfies(p -> assertThat(p.ports()).containsEntry("http", 31002));
    }

    @Test
    void anAppWithoutStickyGoesAnywhereAsBefore() {
        AppRecord app = endedOnAgent2(running(AppPlannerTest.V1), TaskState.FAILED);
        assertThat(app.instances().get(1).stickTo()).isNull();
        assertThat(match(roomy(4), app).placed()).singleElement()
                .satisfies(p -> assertThat(p.ports()).containsEntry("http", 31000));
        assertThat(AppPlannerTest.parse(AppPlannerTest.V1).sticky()).isEqualTo(Duration.ZERO);
    }

    @Test
    void theHeldPortsAndConstraintsStillApplyOnItsAgent() {
        AppRecord app = endedOnAgent2(running(STICKY.replace("constraints: [unique]", "constraints: [maxPerAgent:2]")),
                TaskState.FAILED);
        app = AppChanges.scale(app, 4);
        app = step(app).record();
        AppOffers.Match m = match(offer(2, 0.1, PortRanges.range(31002, 31003)), app);
        assertThat(m.placed()).as("0.1 cpus: the sticky instance goes first").singleElement()
                .satisfies(p -> assertThat(p.ports()).containsEntry("http", 31002));
        AppOffers.Match other = match(offer(2, 1.0, PortRanges.range(31002, 31003)),
                app.withInstances(List.of(app.instances().get(3), app.instances().get(1))));
        assertThat(other.placed()).extracting(p -> p.ports().get("http")).as("the new instance does not take 31002")
                .containsExactly(31003, 31002);

        AppRecord full = app.replacing(app.instances().get(3).launched("t4", "agent-2", "127.0.0.2",
                Map.of("http", 31003)));
        full = full.replacing(full.instances().get(0).launched("t5", "agent-2", "127.0.0.2", Map.of("http", 31004)));
        assertThat(match(roomy(2), full).refusals().get(app.instances().get(1).id()))
                .endsWith("more): it already runs 2 instances of web (maxPerAgent:2)");
    }

    @Test
    void anInstanceReplacedForItsHealthCheckHandsItsSpotToItsReplacement() {
        AppRecord app = running(STICKY);
        AppInstance sick = app.instances().get(1);
        HealthCheck check = defs(app).apply(1).healthCheck();
        InstanceHealth h = InstanceHealth.running(check, now).passed();
        for (int k = 0; k < 3; k++) {
            h = h.failed(check, "GET / answered 500", now + 20_000);
        }
        AppPlanner.Plan plan = step(app.replacing(sick.withHealth(h)));
        assertThat(plan.kills()).extracting(AppPlanner.KillTask::instanceId).containsExactly(sick.id());
        assertThat(plan.launches()).singleElement().satisfies(l -> assertThat(l.stickTo())
                .isEqualTo(new StickySpot("agent-2", "127.0.0.2", Map.of("http", 31002), now)));
        assertThat(plan.launches().get(0).step("web.x"))
                .isEqualTo("starting web.x (v1) on agent-2 (127.0.0.2), where the one it replaces ran");
        String replacement = plan.record().instances().get(3).id();
        assertThat(match(offer(2, 1.0, PortRanges.range(31003, 31010)), plan.record()).refusals().get(replacement))
                .as("the old instance still runs there").startsWith("waiting for agent-2 (127.0.0.2), where it ran")
                .endsWith("it already runs an instance of web (unique)");
        AppRecord oldEnded = TaskEvents.apply(plan.record(), plan.record().instance(sick.id()), TaskState.KILLED,
                "killed", defs(app).apply(1), now);
        assertThat(match(roomy(2), oldEnded).placed()).singleElement().satisfies(p -> {
            assertThat(p.instanceId()).isEqualTo(replacement);
            assertThat(p.ports()).containsEntry("http", 31002);
        });
    }

    @Test
    void aRestartWithRoomToStopFirstKeepsTheSpotButANewVersionGoesAnywhere() {
        AppRecord app = running(STICKY);
        AppPlanner.Plan restart = step(AppChanges.restart(app, now));
        assertThat(restart.kills()).hasSize(1);
        AppInstance stopped = app.instance(restart.kills().get(0).instanceId());
        assertThat(restart.launches()).singleElement().satisfies(l -> assertThat(l.stickTo().agentId())
                .isEqualTo(stopped.agentId()));

        String v2 = STICKY.replace("instances: 3", "instances: 3\nenv: {GREETING: v2}");
        AppRecord updated = AppChanges.update(app, defs(app).apply(1), AppPlannerTest.parse(v2), v2, now).record();
        AppPlanner.Plan plan = step(updated);
        assertThat(plan.kills()).hasSize(1);
        assertThat(plan.launches()).singleElement().satisfies(l -> {
            assertThat(l.version()).isEqualTo(2);
            assertThat(l.stickTo()).isNull();
        });
    }

    @Test
    void whereItRanSurvivesTheStoreAndShowsInTheStatus() {
        AppRecord app = endedOnAgent2(running(STICKY), TaskState.FAILED);
        assertThat(AppJson.decode(AppJson.encode(app))).isEqualTo(app);
        JsonNode s = AppJson.status(app, defs(app));
        assertThat(s.path("stickySeconds").asLong()).isEqualTo(90);
        JsonNode to = s.path("instances").get(1).path("stickyTo");
        assertThat(to.path("agentId").asText()).isEqualTo("agent-2");
        assertThat(to.path("host").asText()).isEqualTo("127.0.0.2");
        assertThat(to.path("ports").path("http").asInt()).isEqualTo(31002);
        assertThat(java.time.Instant.parse(to.path("until").asText()).toEpochMilli()).isEqualTo(now - 1_000 + 90_000);
        AppRecord plain = running(AppPlannerTest.V1);
        assertThat(AppJson.status(plain, defs(plain)).has("stickySeconds")).isFalse();
    }
}
