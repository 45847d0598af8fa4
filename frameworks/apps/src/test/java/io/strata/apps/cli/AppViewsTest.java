package io.strata.apps.cli;

import static io.strata.apps.cli.StatusJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code strata app} prints for people, from the API's JSON. */
class AppViewsTest {

    @Test
    void statusShowsTheDeploymentWithItsReasonTheLastFailureEveryInstanceAndTheEndpoints() {
        assertThat(AppViews.status(json(StatusJson.DEPLOYING))).isEqualTo("""
                app web (group default): version 2, DEPLOYING, 1 of 3 instances healthy
                deployment DEPLOYING from version 1 to 2: waiting for web.77c1 to pass its health check (1 of 3 healthy, minHealthy 2)
                last failure: instance web.5b exited with code 1: Address already in use
                ID        STATE     VERSION  AGENT    ADDRESS                           RESTARTS  REASON
                web.3f2a  HEALTHY   2        agent-1  127.0.0.2:31005                   0         passing http check on / (200)
                web.77c1  STARTING  2        agent-2  127.0.0.3 http:31002 admin:31003  1         in its grace period (10 s)
                web.1a09  KILLING   1        agent-3  127.0.0.4:31007                   0         replaced by version 2
                web.9e00  STARTING  2        -        -                                 0         waiting for an agent with 0.1 cpus free
                endpoints: 127.0.0.2:31005
                """);
    }

    @Test
    void aSuspendedAppWithoutDeploymentSaysItHasNoInstances() {
        assertThat(AppViews.status(json("""
                {"name":"web","group":"team-a","version":1,"instances_wanted":0,"state":"SUSPENDED","instances":[],
                 "endpoints":[]}"""))).isEqualTo("""
                app web (group team-a): version 1, SUSPENDED, 0 of 0 instances healthy
                no instances
                """);
    }

    @Test
    void aFirstDeploymentHasNoFromVersionAndARestartOneVersion() {
        assertThat(AppViews.deploymentLine(json("""
                {"state":"SUCCEEDED","reason":"","fromVersion":0,"toVersion":1}"""))).isEqualTo(
                "deployment SUCCEEDED to version 1");
        assertThat(AppViews.deploymentLine(json("""
                {"state":"PAUSED","reason":"paused by the user","fromVersion":null,"toVersion":1}"""))).isEqualTo(
                "deployment PAUSED to version 1: paused by the user");
        assertThat(AppViews.deploymentLine(json("""
                {"state":"DEPLOYING","reason":"starting 1","fromVersion":2,"toVersion":2}"""))).isEqualTo(
                "deployment DEPLOYING restarting version 2: starting 1");
    }

    @Test
    void listShowsHealthyOfWantedAndTheDeploymentState() {
        assertThat(AppViews.list(json("""
                {"apps":[{"name":"web","group":"default","version":2,"instances":3,"healthy":2,"running":3,
                          "deployment":{"state":"DEPLOYING"}},
                         {"name":"gateway","group":"iot","version":1,"instances":1,"healthy":1,"running":1,
                          "deployment":{"state":"SUCCEEDED"}}]}"""))).isEqualTo("""
                NAME     GROUP    VERSION  HEALTHY  RUNNING  DEPLOYMENT
                web      default  2        2/3      3        DEPLOYING
                gateway  iot      1        1/1      1        SUCCEEDED
                """);
        assertThat(AppViews.list(json("{\"apps\":[]}"))).isEqualTo(
                "No apps. Create one with 'strata app create FILE'.\n");
    }

    @Test
    void versionsSayWhatEachChangedFromTheOneBefore() {
        assertThat(AppViews.versions(json("""
                {"name":"web","current":1,"versions":[
                  {"version":1,"createdAt":"2026-12-04T17:00:00Z",
                   "definition":{"name":"web","instances":3,"env":{"GREETING":"hello"},"cpus":0.1}},
                  {"version":2,"createdAt":"2026-12-04T17:05:00Z",
                   "definition":{"name":"web","instances":2,"env":{"GREETING":"hi"},"cpus":0.1,"user":"nobody"}},
                  {"version":3,"createdAt":"2026-12-04T17:06:00Z",
                   "definition":{"name":"web","instances":2,"env":{"GREETING":"hi"},"cpus":0.1,"user":"nobody"}}]}
                """))).isEqualTo("""
                VERSION      CREATED               CHANGES
                1 (current)  2026-12-04T17:00:00Z  first version
                2            2026-12-04T17:05:00Z  instances 3 -> 2, env, user - -> nobody
                3            2026-12-04T17:06:00Z  same as the version before
                """);
    }

    @Test
    void anInstanceAsAProgressLine() {
        var instances = json(StatusJson.DEPLOYING).path("instances");

        assertThat(AppViews.instanceLine(instances.get(0))).isEqualTo(
                "web.3f2a: HEALTHY (version 2) on agent-1 - passing http check on / (200)");
        assertThat(AppViews.instanceLine(instances.get(3))).isEqualTo(
                "web.9e00: STARTING (version 2) - waiting for an agent with 0.1 cpus free");
    }
}
