package io.strata.service;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each pod's restart history and what a waiting pod asks for, as the service status shows them. */
class PodRestartHistoryTest {

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    @Test
    void aFailedPodRemembersWhenItsTaskEndedWhyAndWhichTask() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        String task = h.pod("node-1").taskId();
        h.failed("node-1");
        assertThat(h.pod("node-1").restartHistory())
                .containsExactly(new PodRestart(iso(h.now), "exited with code 1", task));
        ServiceProtocol.PodStatus shown = h.status().pods().stream().filter(p -> p.id().equals("node-1")).findFirst()
                .orElseThrow();
        assertThat(shown.restartHistory()).isEqualTo(h.pod("node-1").restartHistory());
        assertThat(h.pod("node-0").restartHistory()).isEmpty();
    }

    @Test
    void onlyTheLastTenRestartsAreKeptOldestFirst() {
        PlannerHarness h = PlannerHarness.parallel(1);
        h.deployAll();
        for (int i = 0; i < 12; i++) {
            h.failed("node-0");
            h.now = h.pod("node-0").notBeforeMillis();
            h.offers("a1");
            h.running("node-0");
        }
        List<PodRestart> history = h.pod("node-0").restartHistory();
        assertThat(history).hasSize(PodRecord.RESTARTS_KEPT);
        assertThat(history).extracting(PodRestart::task).doesNotHaveDuplicates().last()
                .isEqualTo("demo-demo-node-0-12");
        assertThat(h.pod("node-0").restarts()).as("the count still covers the pod's whole life").isEqualTo(12);
    }

    @Test
    void restartsAndReplacesOnRequestAreInTheHistoryToo() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        String first = h.pod("node-0").taskId();
        h.restart();
        h.killed("node-0");
        assertThat(h.pod("node-0").restartHistory()).extracting(PodRestart::reason, PodRestart::task)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("restarted on request (rolling restart)", first));

        String second = h.pod("node-1").taskId();
        h.failed("node-1");
        h.replace("node-1");
        assertThat(h.pod("node-1").restartHistory()).extracting(PodRestart::reason, PodRestart::task).containsExactly(
                org.assertj.core.groups.Tuple.tuple("exited with code 1", second),
                org.assertj.core.groups.Tuple.tuple("replaced: moved off agent a2 (" + "10.0.0.2"
                        + ") with a fresh volume", second));
    }

    @Test
    void aWaitingPodSaysWhatItAsksForAndARestartingOneThatItIsPinnedToItsVolumesAgent() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.tick();
        ServiceProtocol.PodStatus waiting = h.status().pods().get(0);
        assertThat(waiting.demand()).isEqualTo(new Demand(1.0, 1024, 512, 2, "default", null, Map.of()));

        h.deployAll();
        assertThat(h.status().pods()).allSatisfy(p -> assertThat(p.demand()).isNull());
        h.failed("node-1");
        ServiceProtocol.PodStatus restarting = h.status().pods().get(1);
        assertThat(restarting.demand()).as("its volume exists: no disk to find, only its agent will do")
                .isEqualTo(new Demand(1.0, 1024, 0, 2, "default", "a2", Map.of()));
    }

    @Test
    void theStatusJsonOfEveryTypeGivesEachPodItsRestartHistoryAndDemand() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        String task = h.pod("node-1").taskId();
        h.failed("node-1");
        var n = io.strata.api.ApiResponses.MAPPER.createObjectNode();
        var nodes = n.putArray("nodes");
        nodes.addObject().put("pod", "node-0");
        nodes.addObject().put("pod", "node-1");
        io.strata.api.ServiceRoutes.withPodHistory(n, h.status());
        assertThat(n.path("nodes").get(0).toString()).isEqualTo("{\"pod\":\"node-0\",\"restartHistory\":[],"
                + "\"demand\":null}");
        assertThat(n.path("nodes").get(1).toString()).isEqualTo("{\"pod\":\"node-1\",\"restartHistory\":[{\"at\":\""
                + iso(h.now) + "\",\"reason\":\"exited with code 1\",\"task\":\"" + task + "\"}],\"demand\":{\"cpus\":1.0,"
                + "\"memMb\":1024,\"diskMb\":0,\"ports\":2,\"group\":\"default\",\"agent\":\"a2\"}}");
    }
}
