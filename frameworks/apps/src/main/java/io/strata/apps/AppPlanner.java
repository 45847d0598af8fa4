package io.strata.apps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The pure core of the apps framework for one app: given its record and the time, what to start and
 * stop. A deployment in progress decides through {@link RollingDeployment}; otherwise the app keeps
 * {@code wanted} instances. An instance that failed its health check {@code maxFailures} times in a
 * row is stopped (and so replaced); a deleted app stops everything. Stops of instances without a task
 * take effect at once; the owner kills the tasks of the others and adds the launched instances. A sticky
 * app's instance stopped to be replaced by one of its own version (a failed health check, a restart)
 * hands where it ran to its replacement, which is then placed only there for the window.
 */
public final class AppPlanner {

    /**
     * A task to kill: the instance is KILLING until its task ends. {@code graceMillis} is the time
     * between SIGTERM and SIGKILL: the delete's own grace when it gave one, else the version's
     * {@code killGracePeriod}.
     */
    public record KillTask(String instanceId, String taskId, String reason, long graceMillis) {
    }

    /** An instance to start: its version, and where the instance it replaces ran (a sticky app's), or null. */
    public record Launch(int version, StickySpot stickTo) {

        /** The deployment's step: "starting web.1a2b (v1)", and where when it replaces a sticky instance. */
        String step(String id) {
            return "starting " + id + " (v" + version + ")" + (stickTo == null ? ""
                    : " on " + stickTo.where() + ", where the one it replaces ran");
        }
    }

    /**
     * @param record   the app with kills applied (KILLING, or gone when it had no task) and the deployment moved on
     * @param launches the instances to start
     * @param kills    the tasks to kill
     */
    public record Plan(AppRecord record, List<Launch> launches, List<KillTask> kills) {
    }

    private AppPlanner() {
    }

    public static Plan decide(AppRecord app, IntFunction<AppDefinition> definitions, long now) {
        List<DeployAction> actions = new ArrayList<>();
        List<AppInstance> stopped = new ArrayList<>();
        if (app.deleting()) {
            app.instances().stream().filter(i -> i.state() != InstanceState.KILLING)
                    .forEach(i -> actions.add(new DeployAction.Kill(i.id(), "the app was deleted")));
            return apply(app, definitions, actions, List.of(), stopped);
        }
        for (AppInstance i : app.instances()) {
            HealthCheck check = definitions.apply(i.version()).healthCheck();
            if (i.state() != InstanceState.KILLING && i.taskId() != null && i.health() != null
                    && i.health().toReplace(check)) {
                actions.add(new DeployAction.Kill(i.id(), "replaced: " + i.health().reason()));
            }
        }
        Plan afterHealth = apply(app, definitions, actions, List.of(), stopped);
        app = afterHealth.record();
        List<KillTask> kills = new ArrayList<>(afterHealth.kills());
        actions.clear();
        Deployment d = app.deployment();
        if (d != null && d.state().active()) {
            int current = app.current();
            int wanted = app.wanted();
            RollingDeployment.Step step = RollingDeployment.decide(d, app.instances().stream().map(AppInstance::core)
                            .toList(), v -> v == current ? wanted : definitions.apply(v).instances(),
                    definitions.apply(d.toVersion()).upgrade(), now);
            Deployment next = step.deployment();
            List<String> steps = new ArrayList<>();
            if (next.state() != d.state()) {
                steps.add(next.state().name().toLowerCase(java.util.Locale.ROOT) + ": " + next.reason());
            }
            app = app.withDeployment(next, app.stepsPlus(steps));
            if (next.toVersion() != current) {
                app = app.withCurrent(next.toVersion(), definitions.apply(next.toVersion()).instances());
            }
            actions.addAll(step.actions());
        } else if (d == null || d.state() != DeploymentState.PAUSED) {
            actions.addAll(steady(app));
        }
        Plan plan = apply(app, definitions, actions, kills, stopped);
        return new Plan(plan.record(), stickTo(plan.launches(), stopped, definitions, now), plan.kills());
    }

    /** Each launch of a version takes the spot of an instance of that version stopped in this plan, if any. */
    private static List<Launch> stickTo(List<Launch> launches, List<AppInstance> stopped,
                                        IntFunction<AppDefinition> definitions, long now) {
        List<AppInstance> vacated = new ArrayList<>(stopped);
        List<Launch> out = new ArrayList<>();
        for (Launch l : launches) {
            StickySpot spot = null;
            for (AppInstance i : vacated) {
                spot = i.version() != l.version() ? null : i.taskId() != null
                        ? StickySpot.of(i, definitions.apply(i.version()), now) : i.stickTo();
                if (spot != null) {
                    vacated.remove(i);
                    break;
                }
            }
            out.add(new Launch(l.version(), spot));
        }
        return List.copyOf(out);
    }

    /** Outside a deployment: as many instances as wanted, surplus ones (other versions and unhealthy first) stopped. */
    private static List<DeployAction> steady(AppRecord app) {
        List<AppInstance> live = app.instances().stream().filter(i -> i.state() != InstanceState.KILLING).toList();
        List<DeployAction> out = new ArrayList<>();
        for (int n = live.size(); n < app.wanted(); n++) {
            out.add(new DeployAction.Launch(app.current()));
        }
        if (live.size() > app.wanted()) {
            live.stream().sorted(Comparator.comparing((AppInstance i) -> i.version() == app.current())
                            .thenComparing(i -> i.state() == InstanceState.HEALTHY)
                            .thenComparing(AppInstance::id, Comparator.reverseOrder()))
                    .limit(live.size() - app.wanted())
                    .forEach(i -> out.add(new DeployAction.Kill(i.id(), "scaled down to " + app.wanted())));
        }
        return out;
    }

    /** Applies the actions to the record; every instance it stops is added to {@code stopped}, as it was. */
    private static Plan apply(AppRecord app, IntFunction<AppDefinition> definitions, List<DeployAction> actions,
                              List<KillTask> earlier, List<AppInstance> stopped) {
        List<Launch> launches = new ArrayList<>();
        List<KillTask> kills = new ArrayList<>(earlier);
        List<String> steps = new ArrayList<>();
        for (DeployAction a : actions) {
            if (a instanceof DeployAction.Launch l) {
                launches.add(new Launch(l.version(), null));
            } else if (a instanceof DeployAction.Kill k) {
                AppInstance i = app.instance(k.instanceId());
                if (i == null) {
                    continue;
                }
                stopped.add(i);
                steps.add("stopping " + i.id() + " (v" + i.version() + "): " + k.reason());
                if (i.taskId() == null) {
                    app = app.without(i.id());
                } else {
                    app = app.replacing(i.withState(InstanceState.KILLING, "stopping: " + k.reason()));
                    long grace = app.deleting() && app.deleteGraceMillis() >= 0 ? app.deleteGraceMillis()
                            : definitions.apply(i.version()).killGracePeriod().toMillis();
                    kills.add(new KillTask(i.id(), i.taskId(), k.reason(), grace));
                }
            }
        }
        if (!steps.isEmpty() && !app.deleting()) {
            app = app.withDeployment(app.deployment(), app.stepsPlus(steps));
        }
        return new Plan(app, List.copyOf(launches), List.copyOf(kills));
    }
}
