package io.strata.apps;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The apps framework's pure parts under a fake clock: planning, task events, operators' changes, placement. */
class AppPlannerTest {

    static final String V1 = """
            name: web
            command: [python3, -m, http.server, "${PORT_HTTP}"]
            instances: 3
            ports: [{name: http}]
            healthCheck: {type: http, port: http, gracePeriod: 10s, interval: 2s, timeout: 1s, maxFailures: 3}
            constraints: [unique]
            upgrade: {minHealthy: 0.66, maxSurge: 1, progressDeadline: 60s, autoRevert: true}
            """;
    static final String V2 = V1.replace("instances: 3", "instances: 3\nenv: {GREETING: v2}");

    long now = 1_000_000;
    int ids;

    static AppDefinition parse(String text) {
        try {
            return AppFile.parse("web.yaml", text);
        } catch (AppFileException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    IntFunction<AppDefinition> defs(AppRecord app) {
        return v -> parse(app.version(v).text());
    }

    /** One planning step with launches added as the actor adds them and kills left KILLING. */
    AppPlanner.Plan step(AppRecord app) {
        AppPlanner.Plan plan = AppPlanner.decide(app, defs(app), now);
        AppRecord next = plan.record();
        for (AppPlanner.Launch l : plan.launches()) {
            List<AppInstance> all = new ArrayList<>(next.instances());
            all.add(AppInstance.pending("web.i" + ++ids, l.version(), l.stickTo()));
            next = next.withInstances(all);
        }
        return new AppPlanner.Plan(next, plan.launches(), plan.kills());
    }

    /** Every instance launched and healthy. */
    AppRecord allHealthy(AppRecord app) {
        for (AppInstance i : app.instances()) {
            if (i.state() != InstanceState.KILLING) {
                AppInstance r = i.launched("task-" + i.id(), "agent", "127.0.0.1", Map.of("http", 31000))
                        .running(null, now);
                app = app.replacing(r);
            }
        }
        return app;
    }

    @Test
    void aNewAppLaunchesItsInstancesAndItsDeploymentSucceedsOnceAllAreHealthy() {
        AppRecord app = AppChanges.create(parse(V1), V1, "default", now);
        AppPlanner.Plan plan = step(app);
        assertThat(plan.launches()).extracting(AppPlanner.Launch::version).containsExactly(1, 1, 1);
        assertThat(plan.record().instances()).allMatch(i -> i.state() == InstanceState.STARTING && i.reason()
                .equals("waiting for an offer"));
        app = step(allHealthy(plan.record())).record();
        assertThat(app.deployment().state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(step(app).launches()).isEmpty();
    }

    @Test
    void anUpdateStopsOneOldInstanceAtATimeKeepingTwoHealthy() {
        AppRecord app = step(allHealthy(step(AppChanges.create(parse(V1), V1, "default", now)).record())).record();
        app = AppChanges.update(app, parse(V1), parse(V2), V2, now).record();
        assertThat(app.current()).isEqualTo(2);
        AppPlanner.Plan plan = step(app);
        assertThat(plan.launches()).extracting(AppPlanner.Launch::version).containsExactly(2);
        assertThat(plan.kills()).hasSize(1);
        assertThat(plan.record().deployment().reason()).contains("starting 1, stopping 1");
        assertThat(plan.record().instances().stream().filter(i -> i.state() == InstanceState.HEALTHY)).hasSize(2);
        assertThat(AppChanges.update(plan.record(), parse(V2), parse(V2), V2, now).record()).isSameAs(plan.record());
    }

    @Test
    void anInstanceFailingItsCheckMaxFailuresTimesIsStoppedAndAnotherStarted() {
        AppRecord app = step(allHealthy(step(AppChanges.create(parse(V1), V1, "default", now)).record())).record();
        HealthCheck check = parse(V1).healthCheck();
        AppInstance sick = app.instances().get(0);
        InstanceHealth h = InstanceHealth.running(check, now).passed();
        for (int k = 0; k < 3; k++) {
            h = h.failed(check, "GET / answered 500", now + 20_000);
        }
        app = app.replacing(sick.launched("t1", "agent-1", "127.0.0.1", Map.of("http", 31000)).withHealth(h));
        AppPlanner.Plan plan = step(app);
        assertThat(plan.kills()).extracting(AppPlanner.KillTask::instanceId).containsExactly(sick.id());
        assertThat(plan.kills().get(0).reason()).contains("failed 3 of 3 times").contains("answered 500");
        assertThat(plan.launches()).as("its replacement starts at once").extracting(AppPlanner.Launch::version)
                .containsExactly(1);
        AppRecord afterEnd = TaskEvents.apply(plan.record(), plan.record().instance(sick.id()), TaskState.KILLED,
                "killed", parse(V1), now);
        assertThat(afterEnd.instance(sick.id())).isNull();
        assertThat(afterEnd.instances()).hasSize(3);
        assertThat(step(afterEnd).launches()).isEmpty();
    }

    @Test
    void anEndedInstanceRestartsAfterADoublingBackoff() {
        AppRecord app = step(allHealthy(step(AppChanges.create(parse(V1), V1, "default", now)).record())).record();
        AppInstance i = app.instances().get(0);
        AppRecord ended = TaskEvents.apply(app, i, TaskState.FAILED, "killed by signal 9 (SIGKILL)", parse(V1), now);
        AppInstance waiting = ended.instance(i.id());
        assertThat(waiting.taskId()).isNull();
        assertThat(waiting.restarts()).isEqualTo(1);
        assertThat(waiting.launchable(now)).isFalse();
        assertThat(waiting.launchable(now + 1_000)).isTrue();
        assertThat(waiting.reason()).contains("SIGKILL").contains("starting again in 1 s");
        assertThat(ended.lastFailure()).contains(i.id());
        AppInstance relaunched = waiting.launched("t2", "agent-2", "127.0.0.2", Map.of("http", 31001));
        AppRecord twice = TaskEvents.apply(ended.replacing(relaunched), relaunched, TaskState.FAILED, "exit 1", parse(V1),
                now + 2_000);
        assertThat(twice.instance(i.id()).notBeforeMillis()).isEqualTo(now + 2_000 + 2_000);
        assertThat(step(twice).launches()).as("the instance waiting in its backoff still counts").isEmpty();
    }

    @Test
    void rollbackPauseResumeAbortAndDeleteChangeTheRecordOrSayWhyNot() {
        AppRecord app = step(allHealthy(step(AppChanges.create(parse(V1), V1, "default", now)).record())).record();
        assertThat(AppChanges.pause(app).status()).isEqualTo(409);
        assertThat(AppChanges.pause(app).refusal()).contains("SUCCEEDED");
        assertThat(AppChanges.rollback(app, null, defs(app), now).refusal()).contains("no earlier");
        AppRecord v2 = AppChanges.update(app, parse(V1), parse(V2), V2, now).record();
        assertThat(AppChanges.rollback(v2, 7, defs(v2), now).refusal()).contains("no version 7");
        AppRecord back = AppChanges.rollback(v2, 1, defs(v2), now).record();
        assertThat(back.current()).isEqualTo(1);
        assertThat(back.versions()).hasSize(2);
        AppRecord paused = AppChanges.pause(back).record();
        assertThat(step(paused).launches()).isEmpty();
        assertThat(AppChanges.resume(paused, now).record().deployment().state()).isEqualTo(DeploymentState.DEPLOYING);
        assertThat(AppChanges.abort(paused).record().deployment().state()).isEqualTo(DeploymentState.ABORTED);
        AppPlanner.Plan deleting = step(AppChanges.delete(app, 2_000));
        assertThat(deleting.kills()).hasSize(3);
        assertThat(deleting.launches()).isEmpty();
    }

    @Test
    void killsUseTheVersionsKillGracePeriodOrTheGraceTheDeleteAskedFor() {
        String patient = V1.replace("instances: 3", "instances: 3\nkillGracePeriod: 30s");
        AppRecord app = step(allHealthy(step(AppChanges.create(parse(patient), patient, "default", now)).record()))
                .record();
        AppRecord scaledDown = AppChanges.scale(app, 1);
        assertThat(step(scaledDown).kills()).extracting(AppPlanner.KillTask::graceMillis).containsExactly(30_000L, 30_000L);
        assertThat(step(AppChanges.delete(app, -1)).kills()).extracting(AppPlanner.KillTask::graceMillis)
                .containsOnly(30_000L);
        assertThat(step(AppChanges.delete(app, 0)).kills()).extracting(AppPlanner.KillTask::graceMillis)
                .containsExactly(0L, 0L, 0L);
    }

    @Test
    void aRestartReplacesEveryInstanceWithANewOneOfTheSameVersion() {
        AppRecord app = step(allHealthy(step(AppChanges.create(parse(V1), V1, "default", now)).record())).record();
        AppRecord restarting = AppChanges.restart(app, now);
        assertThat(restarting.current()).isEqualTo(1);
        assertThat(restarting.versions()).hasSize(1);
        AppPlanner.Plan plan = step(restarting);
        assertThat(plan.launches()).extracting(AppPlanner.Launch::version).containsExactly(1);
        assertThat(plan.kills()).hasSize(1);
        assertThat(plan.record().deployment().fromVersion()).isEqualTo(1);
        assertThat(plan.record().deployment().toVersion()).isEqualTo(1);
    }

    @Test
    void aRecordReadBackFromTheStoreIsTheSameRecord() {
        AppRecord app = step(allHealthy(step(AppChanges.create(parse(V1), V1, "default", now)).record())).record();
        AppInstance i = app.instances().get(0);
        app = TaskEvents.apply(app, i, TaskState.FAILED, "exit 1", parse(V1), now);
        app = AppChanges.update(app, parse(V1), parse(V2), V2, now).record();
        app = step(app).record();
        assertThat(AppJson.decode(AppJson.encode(app))).isEqualTo(app);
    }

    @Test
    void placementHonoursUniquePortsAndResourcesAndSaysWhyAnInstanceWaits() {
        AppRecord app = step(AppChanges.create(parse(V1), V1, "default", now)).record();
        Offer offer = new Offer(OfferId.of("o1"), FrameworkId.of("strata-apps"), AgentId.of("agent-1"), "127.0.0.1",
                Resources.of(1.0, 1024, 0, PortRanges.range(31000, 31010)), Map.of());
        AppOffers.Match m = AppOffers.match(offer, List.of(app), Map.of("web", defs(app)), now);
        assertThat(m.placed()).hasSize(1);
        assertThat(m.placed().get(0).ports()).containsEntry("http", 31000);
        assertThat(m.refusals()).hasSize(2).allSatisfy((id, why) -> assertThat(why).contains("(unique)"));

        Offer small = new Offer(OfferId.of("o2"), FrameworkId.of("strata-apps"), AgentId.of("agent-2"), "127.0.0.2",
                Resources.of(0.05, 1024, 0, PortRanges.range(31000, 31010)), Map.of());
        assertThat(AppOffers.match(small, List.of(app), Map.of("web", defs(app)), now).refusals().values())
                .allSatisfy(why -> assertThat(why).contains("lacks 0.05 cpus"));
        Offer noPorts = new Offer(OfferId.of("o3"), FrameworkId.of("strata-apps"), AgentId.of("agent-3"), "127.0.0.3",
                Resources.of(1.0, 1024, 0, PortRanges.EMPTY), Map.of());
        assertThat(AppOffers.match(noPorts, List.of(app), Map.of("web", defs(app)), now).refusals().values())
                .allSatisfy(why -> assertThat(why).contains("1 port [http]"));
    }

    @Test
    void aTaskGetsItsPortsAsEnvAndItsArgvFilledIn() {
        AppRecord app = step(AppChanges.create(parse(V1), V1, "default", now)).record();
        AppInstance i = app.instances().get(0);
        Offer offer = new Offer(OfferId.of("o1"), FrameworkId.of("strata-apps"), AgentId.of("agent-1"), "127.0.0.1",
                Resources.of(1.0, 1024, 0, PortRanges.range(31000, 31010)), Map.of());
        AppOffers.Placed p = AppOffers.match(offer, List.of(app), Map.of("web", defs(app)), now).placed().get(0);
        var spec = AppTasks.spec(app, parse(V1), i, p, offer, null);
        assertThat(spec.argv()).containsExactly("python3", "-m", "http.server", "31000");
        assertThat(spec.env()).containsEntry("PORT_HTTP", "31000").containsEntry("HOST", "127.0.0.1");
        assertThat(spec.taskId().value()).isEqualTo("app:web:" + i.id().substring(4) + ".0");
    }
}
