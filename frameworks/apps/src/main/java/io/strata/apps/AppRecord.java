package io.strata.apps;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the apps framework keeps of one app, saved in the control store after each change (so a
 * framework that takes over on another master node resumes it): its versions, the version it runs,
 * how many instances it wants, its instances and its latest deployment.
 *
 * @param current        the version the app runs or is being deployed to
 * @param wanted         instances wanted (the current version's {@code instances}, or a later scale)
 * @param deployment     the latest deployment, or null before the first
 * @param steps          what the latest deployment did, oldest first (at most {@link #MAX_STEPS})
 * @param deleting       deleted by request: every instance is being stopped
 * @param deleteGraceMillis the kill grace period the delete asked for, or -1 for the app's own
 * @param lastFailure    the latest instance failure in a sentence, or null
 */
public record AppRecord(String name, String group, List<AppVersion> versions, int current, int wanted,
                        List<AppInstance> instances, Deployment deployment, List<String> steps, boolean deleting,
                        long deleteGraceMillis, String lastFailure) {

    static final int MAX_STEPS = 50;

    public AppRecord {
        versions = List.copyOf(versions);
        instances = List.copyOf(instances);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public AppVersion version(int v) {
        return versions.stream().filter(x -> x.version() == v).findFirst().orElse(null);
    }

    public int latestVersion() {
        return versions.stream().mapToInt(AppVersion::version).max().orElse(0);
    }

    public AppInstance instance(String id) {
        return instances.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }

    public AppRecord withInstances(List<AppInstance> next) {
        return new AppRecord(name, group, versions, current, wanted, next, deployment, steps, deleting,
                deleteGraceMillis, lastFailure);
    }

    public AppRecord replacing(AppInstance next) {
        List<AppInstance> out = new ArrayList<>(instances);
        out.replaceAll(i -> i.id().equals(next.id()) ? next : i);
        return withInstances(out);
    }

    public AppRecord without(String instanceId) {
        return withInstances(instances.stream().filter(i -> !i.id().equals(instanceId)).toList());
    }

    public AppRecord withDeployment(Deployment d, List<String> nextSteps) {
        return new AppRecord(name, group, versions, current, wanted, instances, d, nextSteps, deleting,
                deleteGraceMillis, lastFailure);
    }

    public AppRecord withCurrent(int version, int nextWanted) {
        return new AppRecord(name, group, versions, version, nextWanted, instances, deployment, steps, deleting,
                deleteGraceMillis, lastFailure);
    }

    public AppRecord withVersions(List<AppVersion> next) {
        return new AppRecord(name, group, next, current, wanted, instances, deployment, steps, deleting,
                deleteGraceMillis, lastFailure);
    }

    public AppRecord deleted(long graceMillis) {
        return new AppRecord(name, group, versions, current, wanted, instances, deployment, steps, true, graceMillis,
                lastFailure);
    }

    public AppRecord failed(String why) {
        return new AppRecord(name, group, versions, current, wanted, instances, deployment, steps, deleting,
                deleteGraceMillis, why);
    }

    /** The steps with {@code more} added at the end, the oldest dropped past {@link #MAX_STEPS}. */
    public List<String> stepsPlus(List<String> more) {
        List<String> out = new ArrayList<>(steps);
        out.addAll(more);
        return out.size() > MAX_STEPS ? out.subList(out.size() - MAX_STEPS, out.size()) : out;
    }
}
