package io.strata.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * Whether a change that {@code --wait} follows is done, read from one status JSON; pure.
 *
 * <p>A change that starts a deployment (create, update, restart, rollback, resume) is done when that
 * deployment SUCCEEDED and has failed when it is FAILED, REVERTED or ABORTED. The deployment that was
 * there before the change (known by its {@code startedAt}) does not count: a change that starts none
 * (scale, an identical update) is done once every wanted instance of the current version is HEALTHY
 * and no other instance is left, unless a deployment is still under way.
 *
 * @param before the {@code startedAt} of the deployment before the change; null when there was none
 */
record DeploymentWatch(String before) {

    enum Outcome { GOING, SUCCEEDED, FAILED }

    /** The outcome and, when it ended, one sentence saying how. */
    record Verdict(Outcome outcome, String sentence) {
    }

    static final Set<String> FAILED = Set.of("FAILED", "REVERTED", "ABORTED");
    static final Set<String> UNDER_WAY = Set.of("DEPLOYING", "PAUSED", "REVERTING");

    /** The deployment in {@code status}, seen before any change. */
    static DeploymentWatch from(JsonNode status) {
        JsonNode started = status.path("deployment").path("startedAt");
        return new DeploymentWatch(started.isTextual() ? started.asText() : null);
    }

    Verdict judge(JsonNode status) {
        String name = status.path("name").asText();
        JsonNode d = status.path("deployment");
        String state = d.path("state").asText("");
        boolean ours = d.isObject() && (before == null || !before.equals(d.path("startedAt").asText(null)));
        if (ours && state.equals("SUCCEEDED")) {
            return done(status);
        }
        if (ours && FAILED.contains(state)) {
            String failure = status.path("lastFailure").asText("");
            return new Verdict(Outcome.FAILED, "App " + name + ": " + AppViews.deploymentLine(d)
                    + (failure.isBlank() ? "" : "; last failure: " + failure) + ".");
        }
        if (UNDER_WAY.contains(state) || !converged(status)) {
            return new Verdict(Outcome.GOING, null);
        }
        return done(status);
    }

    /** Every wanted instance is HEALTHY at the app's version and no other is left. */
    static boolean converged(JsonNode status) {
        int version = status.path("version").asInt();
        int healthy = 0;
        for (JsonNode i : status.path("instances")) {
            if (!i.path("state").asText().equals("HEALTHY") || i.path("version").asInt(version) != version) {
                return false;
            }
            healthy++;
        }
        return healthy == status.path("instances_wanted").asInt();
    }

    private static Verdict done(JsonNode status) {
        int healthy = AppViews.healthy(status.path("instances"));
        var endpoints = AppViews.texts(status.path("endpoints"));
        return new Verdict(Outcome.SUCCEEDED, "App " + status.path("name").asText() + " runs version "
                + status.path("version").asInt() + ": " + healthy + " of " + status.path("instances_wanted").asInt()
                + " instances healthy" + (endpoints.isEmpty() ? "." : "; endpoints " + String.join(", ", endpoints) + "."));
    }
}
