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
 * take effect at once; the owner kills the tasks of the others and adds the launched instances.
 */
public final class AppPlanner {

    /** A task to kill: the instance is KILLING until its task ends. */
    public record KillTask(String instanceId, String taskId, String reason) {
    }

    /**
     * @param record   the app with kills applied (KILLING, or gone when it had no task) and the deployment moved on
     * @param launches the version of each instance to start
     * @param kills    the tasks to kill
     */
    public record Plan(AppRecord record, List<Integer> launches, List<KillTask> kills) {
    }

    private AppPlanner() {
    }

    public static Plan decide(AppRecord app, IntFunction<AppDefinition> definitions, long now) {
        List<DeployAction> actions = new ArrayList<>();
        if (app.deleting()) {
            app.instances().stream().filter(i -> i.state() != InstanceState.KILLING)
                    .forEach(i -> actions.add(new DeployAction.Kill(i.id(), "the app was deleted")));
            return apply(app, actions, List.of());
        }
        for (AppInstance i : app.instances()) {
            HealthCheck check = definitions.apply(i.version()).healthCheck();
            if (i.state() != InstanceState.KILLING && i.taskId() != null && i.health() != null
                    && i.health().toReplace(check)) {
                actions.add(new DeployAction.Kill(i.id(), "replaced: " + i.health().reason()));
            }
        }
        Plan afterHealth = apply(app, actions, List.of());
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
        Plan plan = apply(app, actions, kills);
        return plan;
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

    private static Plan apply(AppRecord app, List<DeployAction> actions, List<KillTask> earlier) {
        List<Integer> launches = new ArrayList<>();
        List<KillTask> kills = new ArrayList<>(earlier);
        List<String> steps = new ArrayList<>();
        for (DeployAction a : actions) {
            if (a instanceof DeployAction.Launch l) {
                launches.add(l.version());
            } else if (a instanceof DeployAction.Kill k) {
                AppInstance i = app.instance(k.instanceId());
                if (i == null) {
                    continue;
                }
                steps.add("stopping " + i.id() + " (v" + i.version() + "): " + k.reason());
                if (i.taskId() == null) {
                    app = app.without(i.id());
                } else {
                    app = app.replacing(i.withState(InstanceState.KILLING, "stopping: " + k.reason()));
                    kills.add(new KillTask(i.id(), i.taskId(), k.reason()));
                }
            }
        }
        if (!steps.isEmpty() && !app.deleting()) {
            app = app.withDeployment(app.deployment(), app.stepsPlus(steps));
        }
        return new Plan(app, List.copyOf(launches), List.copyOf(kills));
    }
}
