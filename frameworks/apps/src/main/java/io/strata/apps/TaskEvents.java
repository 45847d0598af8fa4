package io.strata.apps;

import io.strata.resources.TaskState;
import io.strata.service.AutoReplace;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a task status means for its app instance (pure): RUNNING starts its health checks; an end of a
 * task being stopped removes the instance; any other end schedules the instance's restart after its
 * backoff, which grows with each failure in a row and starts over once an instance stayed up
 * {@link #STABLE_MILLIS}. A sticky app's instance keeps where it ran ({@link StickySpot}), also when its
 * task was lost with its agent: the agent may come back within the window.
 */
final class TaskEvents {

    static final long STABLE_MILLIS = 60_000;

    private TaskEvents() {
    }

    static AppRecord apply(AppRecord app, AppInstance i, TaskState state, String reason, AppDefinition def, long now) {
        if (state == TaskState.RUNNING && i.health() == null && i.state() != InstanceState.KILLING) {
            return app.replacing(i.running(def.healthCheck(), now));
        }
        if (!state.isTerminal()) {
            return app;
        }
        if (i.state() == InstanceState.KILLING || app.deleting()) {
            return app.without(i.id()).withDeployment(app.deployment(), app.stepsPlus(List.of("stopped " + i.id()
                    + " (v" + i.version() + "): " + reason)));
        }
        boolean stable = i.startedAtMillis() > 0 && now - i.startedAtMillis() >= STABLE_MILLIS;
        int failures = stable ? 1 : i.recentFailures() + 1;
        Duration delay = RestartBackoff.delay(def.backoff(), def.maxBackoff(), failures);
        String why = "instance " + i.id() + " " + (state == TaskState.FINISHED ? "ended"
                : state.name().toLowerCase(Locale.ROOT)) + ": " + reason;
        StickySpot spot = StickySpot.of(i, def, now);
        return app.replacing(i.ended(why + "; starting again in " + RollingDeployment.human(delay) + " (backoff after "
                + failures + " failure" + (failures == 1 ? "" : "s") + " in a row)" + (spot == null ? ""
                : " on " + spot.where() + " with ports " + spot.ports() + " (sticky for "
                + AutoReplace.describe(def.sticky()) + ")"), failures, now + delay.toMillis(), spot)).failed(why);
    }
}
