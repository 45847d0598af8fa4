package io.strata.pipelines;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the planner wants read about one pipeline this step; {@link PipelineObserver} reads it.
 * A null part is not read this step.
 *
 * @param probes    one per service, driver or source task worth asking about
 * @param offsets   Kafka offsets, every progress interval
 * @param written   the 'written' query, every written interval
 * @param executors while stopping: whether the jobs' executors are gone from the master's task list
 */
record Watch(List<Probe> probes, OffsetsProbe offsets, WrittenProbe written, ExecutorsProbe executors) {

    static final Watch NOTHING = new Watch(List.of(), null, null, null);

    Watch {
        probes = List.copyOf(probes);
    }

    sealed interface Probe permits ServiceProbe, AppProbe, DriverProbe, TaskProbe {
        /** The stage it is about. */
        String key();
    }

    /** A service's status; {@code endpointFields} are the status fields that hold its endpoints. */
    record ServiceProbe(String key, String type, String name, List<String> endpointFields) implements Probe {
    }

    /** An app's status (a pipeline's app, or an mqtt or http source). */
    record AppProbe(String key, String name) implements Probe {
    }

    /** A Spark submission, or its driver task when the dispatcher has forgotten it. */
    record DriverProbe(String key, String submissionId) implements Probe {
    }

    /** A source's task. */
    record TaskProbe(String key, String taskId) implements Probe {
    }

    /** The end offsets of topics by input ("kafka/readings"), and the offsets jobs committed to their groups. */
    record OffsetsProbe(Map<String, Topic> ends, List<Group> committed) {
    }

    record Topic(String bootstrap, String topic) {
    }

    record Group(String job, String bootstrap, String group, String topic) {
    }

    /** A CQL query whose first numeric value is the count of events written. */
    record WrittenProbe(String service, String cql) {
    }

    record ExecutorsProbe(Set<String> submissionIds) {
    }
}
