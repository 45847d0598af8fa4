package io.strata.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ApiGuardTest {

    @ParameterizedTest
    @CsvSource({
        "GET, /api/v1/tasks, READ",
        "HEAD, /api/v1/state, READ",
        "GET, /metrics, READ",
        "GET, /api/v1/whoami, READ",
        "POST, /api/v1/tasks, WRITE",
        "DELETE, /api/v1/tasks/t-1, WRITE",
        "PUT, /api/v1/spark/apps/spark-1, WRITE",
        "POST, /api/v1/artifacts, WRITE",
        "GET, /api/v1/tokens, ADMIN",
        "POST, /api/v1/tokens, ADMIN",
        "DELETE, /api/v1/tokens/0123456789ab, ADMIN",
        "POST, /api/v1/join-tokens, ADMIN",
        "GET, /api/v1/groups, READ",
        "POST, /api/v1/groups, ADMIN",
        "PUT, /api/v1/groups/iot/quota, ADMIN",
        "GET, /api/v1/cluster/settings, ADMIN",
        "POST, /api/v1/clusters-of-things, WRITE",
        "POST, /api/v1/ui/links, READ",
        "POST, /api/v1/analysis, READ",
        "GET, /api/v1/stream, READ",
        "GET, /api/v1/tasks/t-1/logs/stream, READ",
        "GET, /api/v1/tasks/t-1/analysis, READ",
        "GET, /api/v1/history, READ",
        "GET, /api/v1/events, READ",
        "POST, /api/v1/ui/links/more, WRITE",
    })
    void permissionsFollowMethodAndPath(String method, String path, Permission expected) {
        assertThat(ApiGuard.needed(method, path)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /health, false, true",
        "POST, /api/v1/join, false, true",
        "POST, /api/v1/join-tokens, false, false",
        "GET, /metrics, false, false",
        "GET, /metrics, true, true",
        "POST, /metrics, true, false",
        "DELETE, /health, false, false",
        "GET, /, false, true",
        "GET, /index.html, false, true",
        "GET, /ui/js/core.js, false, true",
        "GET, /ui/lib/uplot/uPlot.iife.min.js, false, true",
        "POST, /, false, false",
        "POST, /api/v1/ui/signin, false, true",
        "GET, /api/v1/ui/signin, false, false",
        "POST, /api/v1/ui/links, false, false",
        "GET, /api/v1/stream, false, false",
        "GET, /api/v1/history, false, false",
    })
    void onlyHealthJoinSignInTheDashboardsFilesAndOptionallyMetricsAreOpen(String method, String path, boolean metricsOpen, boolean open) {
        assertThat(ApiGuard.open(method, path, metricsOpen)).isEqualTo(open);
    }

    @ParameterizedTest
    @CsvSource({
        "VIEWER, READ, true", "VIEWER, WRITE, false", "VIEWER, ADMIN, false",
        "OPERATOR, READ, true", "OPERATOR, WRITE, true", "OPERATOR, ADMIN, false",
        "ADMIN, READ, true", "ADMIN, WRITE, true", "ADMIN, ADMIN, true",
    })
    void rolesAllowPermissions(Role role, Permission permission, boolean allowed) {
        assertThat(role.allows(permission)).isEqualTo(allowed);
    }

    @org.junit.jupiter.api.Test
    void thePrincipalHeaderRoundTrips() {
        Principal p = new Principal("0123456789ab", "ci;bot", Role.OPERATOR, "iot");
        assertThat(Principals.parse(Principals.header(p).value())).isEqualTo(p);
        assertThat(Principals.parse(Principals.header(Principal.SYSTEM).value())).isEqualTo(Principal.SYSTEM);
    }
}
