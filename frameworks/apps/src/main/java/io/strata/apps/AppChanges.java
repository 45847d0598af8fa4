package io.strata.apps;

import java.util.ArrayList;
import java.util.List;

/**
 * The operators' changes to an app as pure functions of its record and the time: create, update (a new
 * version), rollback, scale, restart, pause, resume, abort and delete. Each returns the new record, or
 * the refusal: the answer's status and a sentence.
 */
public final class AppChanges {

    /** The record after a change, or (record null) why the change cannot be made: {@code status} 400 or 409. */
    public record Outcome(AppRecord record, int status, String refusal) {

        static Outcome changed(AppRecord record) {
            return new Outcome(record, 200, null);
        }

        static Outcome refused(int status, String why) {
            return new Outcome(null, status, why);
        }
    }

    private AppChanges() {
    }

    public static AppRecord create(AppDefinition def, String text, String group, long now) {
        return new AppRecord(def.name(), group, List.of(new AppVersion(1, now, text)), 1, def.instances(), List.of(),
                Deployment.start(0, 1, now), List.of("created version 1 (" + def.instances() + " instances)"), false, -1,
                null);
    }

    /** A new version, deployed from the current one; the same definition again changes nothing. */
    public static Outcome update(AppRecord app, AppDefinition current, AppDefinition def, String text, long now) {
        if (!app.group().equals(def.group())) {
            return Outcome.refused(400, "app " + app.name() + " is in group " + app.group() + "; its group cannot change to "
                    + def.group() + " (delete it and create it in the new group)");
        }
        if (def.equals(current)) {
            return Outcome.changed(app);
        }
        int next = app.latestVersion() + 1;
        List<AppVersion> versions = new ArrayList<>(app.versions());
        versions.add(new AppVersion(next, now, text));
        return Outcome.changed(deploy(app.withVersions(versions), next, def.instances(), now, "updated to version " + next));
    }

    /** Deploys version {@code to} again (null: the version before the current one); no new version. */
    public static Outcome rollback(AppRecord app, Integer to, java.util.function.IntFunction<AppDefinition> definitions,
                                     long now) {
        int version = to != null ? to : app.current() - 1;
        if (to == null && version < 1) {
            return Outcome.refused(400, "app " + app.name() + " is at version " + app.current()
                    + "; there is no earlier version to roll back to");
        }
        if (app.version(version) == null) {
            return Outcome.refused(400, "app " + app.name() + " has no version " + version + "; its versions are "
                    + app.versions().stream().map(v -> Integer.toString(v.version())).toList());
        }
        return Outcome.changed(deploy(app, version, definitions.apply(version).instances(), now,
                "rolling back from version " + app.current() + " to " + version));
    }

    public static AppRecord scale(AppRecord app, int instances) {
        return new AppRecord(app.name(), app.group(), app.versions(), app.current(), instances, app.instances(),
                app.deployment(), app.stepsPlus(List.of("scaled from " + app.wanted() + " to " + instances
                + " instances")), app.deleting(), app.deleteGraceMillis(), app.lastFailure());
    }

    /** Every instance replaced by a new one of the same version, under the app's upgrade policy. */
    public static AppRecord restart(AppRecord app, long now) {
        AppRecord stale = app.withInstances(app.instances().stream().map(AppInstance::markedStale).toList());
        return deploy(stale, app.current(), app.wanted(), now, "restarting every instance of version " + app.current());
    }

    public static Outcome pause(AppRecord app) {
        Deployment d = app.deployment();
        if (d == null || !d.state().active()) {
            return Outcome.refused(409, "app " + app.name() + " has no deployment in progress to pause" + state(d));
        }
        return Outcome.changed(app.withDeployment(d.paused(), app.stepsPlus(List.of("paused on request"))));
    }

    public static Outcome resume(AppRecord app, long now) {
        Deployment d = app.deployment();
        if (d == null || d.state() != DeploymentState.PAUSED) {
            return Outcome.refused(409, "app " + app.name() + " has no paused deployment to resume" + state(d));
        }
        return Outcome.changed(app.withDeployment(d.resumed(now), app.stepsPlus(List.of("resumed on request"))));
    }

    public static Outcome abort(AppRecord app) {
        Deployment d = app.deployment();
        if (d == null || d.ended()) {
            return Outcome.refused(409, "app " + app.name() + " has no deployment in progress or paused to abort" + state(d));
        }
        return Outcome.changed(app.withDeployment(d.aborted(), app.stepsPlus(List.of("aborted on request"))));
    }

    public static AppRecord delete(AppRecord app, long graceMillis) {
        return app.deleted(graceMillis);
    }

    private static String state(Deployment d) {
        return d == null ? " (it has had none)" : " (its latest deployment is " + d.state() + ")";
    }

    private static AppRecord deploy(AppRecord app, int version, int wanted, long now, String why) {
        return app.withCurrent(version, wanted).withDeployment(Deployment.start(app.current(), version, now),
                List.of(why));
    }
}
