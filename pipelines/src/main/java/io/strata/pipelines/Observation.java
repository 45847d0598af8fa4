package io.strata.pipelines;

import java.util.List;
import java.util.Map;

/**
 * What the cluster said about one pipeline this step, as plain values. A missing entry means no
 * answer came (the next step asks again); a null part was not asked for or could not be read.
 *
 * @param services      by service key
 * @param drivers       by job key
 * @param tasks         by source key
 * @param offsets       Kafka offsets read this step
 * @param written       the 'written' count
 * @param executorsLeft how many of the jobs' executors the master still lists as not ended
 * @param apps          by app key (apps and mqtt or http sources)
 */
record Observation(Map<String, ServiceSeen> services, Map<String, DriverSeen> drivers, Map<String, TaskSeen> tasks,
                   Offsets offsets, Long written, Integer executorsLeft, Map<String, AppSeen> apps) {

    static final Observation NOTHING = new Observation(Map.of(), Map.of(), Map.of(), null, null, null);

    /** A reading of a pipeline without apps. */
    Observation(Map<String, ServiceSeen> services, Map<String, DriverSeen> drivers, Map<String, TaskSeen> tasks,
                Offsets offsets, Long written, Integer executorsLeft) {
        this(services, drivers, tasks, offsets, written, executorsLeft, Map.of());
    }

    Observation {
        apps = apps == null ? Map.of() : Map.copyOf(apps);
        services = Map.copyOf(services);
        drivers = Map.copyOf(drivers);
        tasks = Map.copyOf(tasks);
    }

    sealed interface ServiceSeen permits ServiceFound, ServiceMissing, ServiceUnreadable {
    }

    /** {@code fields}: the endpoint fields asked for that the status had (lists joined with commas). */
    record ServiceFound(ServiceState state, String reason, Map<String, String> fields) implements ServiceSeen {
    }

    /** The framework has no service of that name. */
    record ServiceMissing() implements ServiceSeen {
    }

    /** The framework answered with an error. */
    record ServiceUnreadable(String error) implements ServiceSeen {
    }

    sealed interface AppSeen permits AppFound, AppMissing, AppUnreadable {
    }

    /**
     * The apps API's status of an app: its state, instances wanted and HEALTHY, why it is not all
     * healthy (the deployment's reason or the last failure), and the host:port of its healthy instances.
     */
    record AppFound(String state, int wanted, int healthy, String reason, List<String> endpoints,
                    Map<String, List<String>> endpointsByPort) implements AppSeen {
    }

    /** The apps API has no app of that name. */
    record AppMissing() implements AppSeen {
    }

    /** The apps API answered with an error. */
    record AppUnreadable(String error) implements AppSeen {
    }

    sealed interface DriverSeen permits SubmissionFound, TaskFound, TaskGone {
    }

    sealed interface TaskSeen permits TaskFound, TaskGone {
    }

    /** The Spark dispatcher's view; a null state means it gave none. */
    record SubmissionFound(RunState state, String reason, int executorsRunning) implements DriverSeen {
    }

    /** The master's view of a task (a source, or a driver the dispatcher forgot); a null state means it gave none. */
    record TaskFound(RunState state, String reason) implements DriverSeen, TaskSeen {
    }

    /** The master has no task of that id. */
    record TaskGone() implements DriverSeen, TaskSeen {
    }

    /** End offsets by input ("kafka/readings") and committed offsets by job; an entry that could not be read is missing. */
    record Offsets(Map<String, Long> ends, Map<String, Long> committed) {
        Offsets {
            ends = Map.copyOf(ends);
            committed = Map.copyOf(committed);
        }
    }
}
