package io.strata.pipelines;

import io.strata.pipelines.spec.PipelineSpec.TopicSpec;

import java.util.List;
import java.util.Map;

/** Something the planner decided to do; {@link ActionRunner} does it and answers with an {@link Outcome}. */
sealed interface Action {

    /** The stage it is for (a service, job or source key; the pipeline's name for checkpoints). */
    String key();

    /** Whether it brings something up: its success may let more start within the same step. */
    default boolean startsSomething() {
        return this instanceof CreateService || this instanceof CreateTopics || this instanceof ApplySchema
                || this instanceof SubmitJob || this instanceof StartSource || this instanceof CreateApp;
    }

    record CreateService(String key, String type, String name, Map<String, Number> config) implements Action {
    }

    record CreateTopics(String key, String service, List<TopicSpec> topics) implements Action {
    }

    /** {@code cql}: the schema as written; the runner splits it into statements. */
    record ApplySchema(String key, String service, String cql) implements Action {
    }

    record DeleteService(String key, String type, String name) implements Action {
    }

    record SubmitJob(String key, SparkSubmission submission) implements Action {
    }

    /**
     * Kills a driver through the dispatcher, or as a task when the dispatcher has forgotten it;
     * {@code discard}: the pipeline's data goes too, so the driver is killed without a shutdown grace.
     */
    record KillJob(String key, String submissionId, boolean discard) implements Action {
        KillJob(String key, String submissionId) {
            this(key, submissionId, false);
        }
    }

    /**
     * An app through the apps API, named {@code name}, in the pipeline's group.
     *
     * @param definition the app file's settings as plain values (texts, lists, mappings), references resolved
     */
    record CreateApp(String key, String name, Map<String, Object> definition) implements Action {
        public CreateApp {
            definition = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(definition));
        }
    }

    record DeleteApp(String key, String name) implements Action {
    }

    record StartSource(String key, SourceTask task) implements Action {
    }

    record KillSource(String key, String taskId) implements Action {
    }

    /**
     * The streaming jobs' checkpoint volumes of a pipeline, by name (the last step of a stop that
     * does not keep data).
     */
    record DeleteCheckpoints(String key, List<String> volumes) implements Action {
        public DeleteCheckpoints {
            volumes = List.copyOf(volumes);
        }
    }

    /**
     * A Spark application in cluster mode, references resolved.
     *
     * @param checkpointVolume for a streaming job: its checkpoint volume's name (the driver is then
     *                         supervised: restarted in place with the volume); null for a batch job
     */
    record SparkSubmission(String name, String mainClass, String jarSha256, String jarName, long driverMemMb,
                           double driverCpus, List<String> args, Map<String, String> conf, String checkpointVolume,
                           long checkpointMb) {
    }

    /** An ad-hoc task running a source. */
    record SourceTask(String name, double cpus, long memMb, List<String> command) {
    }
}
