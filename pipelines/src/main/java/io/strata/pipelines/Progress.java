package io.strata.pipelines;

import io.strata.pipelines.Observation.Offsets;
import io.strata.pipelines.spec.PipelineSpec.WrittenSpec;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Progress as Kafka sees it, and when a pipeline has drained. Produced = the source topics' end
 * offsets; processed = the offsets each streaming job committed to its group (the slowest job per
 * topic); lag = what the jobs still have to read. DRAINED = every source task FINISHED (a pipeline
 * whose only sources are mqtt or http endpoints never drains: devices may always send more), every batch job
 * FINISHED and every streaming job's committed offsets at the end offsets, in a reading asked for
 * after all that was first seen (a reading from before the last events landed proves nothing). Pure.
 */
final class Progress {

    private Progress() {
    }

    /** The topics to read end offsets of ("kafka/readings": sources' and jobs' inputs) whose Kafka is ready. */
    static Watch.OffsetsProbe probe(PipelineRecord r, Stages all) {
        Set<String> inputs = new LinkedHashSet<>(sourceInputs(all));
        all.jobs().values().stream().map(j -> j.spec().input()).filter(i -> i != null).forEach(inputs::add);
        Map<String, Watch.Topic> ends = new LinkedHashMap<>();
        for (String input : inputs) {
            ServiceStage kafka = all.services().get(kafkaOf(input));
            if (kafka.ready(r)) {
                ends.put(input, new Watch.Topic(bootstrap(r, input), topicOf(input)));
            }
        }
        List<Watch.Group> committed = all.jobs().values().stream()
                .filter(j -> j.spec().input() != null && r.jobs().get(j.key()).submitted()
                        && ends.containsKey(j.spec().input()))
                .map(j -> new Watch.Group(j.key(), bootstrap(r, j.spec().input()), r.group(j.key()),
                        topicOf(j.spec().input())))
                .toList();
        return new Watch.OffsetsProbe(ends, committed);
    }

    /** The 'written' query, when its Cassandra is ready. */
    static Watch.WrittenProbe writtenProbe(PipelineRecord r, Stages all) {
        WrittenSpec w = r.spec().written();
        ServiceStage cassandra = all.services().get(w.cassandra());
        return cassandra.ready(r) ? new Watch.WrittenProbe(cassandra.name(), w.cql()) : null;
    }

    /** A reading that misses a source topic's end changes nothing, and leaves no ends to drain against. */
    static PipelineRun absorb(PipelineRun run, Stages all, Offsets read) {
        long produced = 0;
        for (String input : sourceInputs(all)) {
            Long end = read.ends().get(input);
            if (end == null) {
                return run.withEnds(Map.of());
            }
            produced += end;
        }
        PipelineRecord r = run.record();
        Map<String, Long> processedPerInput = new LinkedHashMap<>();
        long lag = 0;
        for (SparkJobStage stage : all.jobs().values()) {
            String input = stage.spec().input();
            Long end = input == null ? null : read.ends().get(input);
            Long committed = read.committed().get(stage.key());
            if (end == null || committed == null || !r.jobs().get(stage.key()).submitted()) {
                continue;
            }
            JobRecord j = r.jobs().get(stage.key()).withProgress(committed, Math.max(0, end - committed));
            r = r.with(j);
            lag += j.lag();
            processedPerInput.merge(input, committed, Math::min);
        }
        long processed = processedPerInput.values().stream().mapToLong(Long::longValue).sum();
        r = r.withProgress(Math.max(r.eventsProduced(), produced), processed, lag);
        return run.with(r).withEnds(read.ends());
    }

    /** A RUNNING pipeline becomes DRAINED once drained, in a reading asked for after it first looked so. */
    static PipelineRun drain(PipelineRun run, Stages all, long now) {
        PipelineRecord r = run.record();
        boolean endless = r.sources().isEmpty() && all.apps().values().stream().anyMatch(AppStage::source);
        if (endless || !r.sources().values().stream().allMatch(s -> s.state() == RunState.FINISHED)) {
            return run.lookedDrainedAt(0);
        }
        for (SparkJobStage stage : all.jobs().values()) {
            JobRecord j = r.jobs().get(stage.key());
            if (stage.batch()) {
                if (j.state() != RunState.FINISHED) {
                    return run;
                }
            } else if (stage.spec().input() != null) {
                Long end = run.ends().get(stage.spec().input());
                if (end == null || j.processed() < end) {
                    return run;
                }
            }
        }
        if (run.lookedDrainedAt() == 0) {
            return run.lookedDrainedAt(now);
        }
        return run.offsetsAskedAt() > run.lookedDrainedAt() ? run.with(r.drained(now)) : run;
    }

    private static Set<String> sourceInputs(Stages all) {
        Set<String> out = new LinkedHashSet<>();
        all.sources().values().forEach(s -> out.add(s.input()));
        all.apps().values().stream().filter(AppStage::source).forEach(a -> out.add(a.input()));
        return out;
    }

    private static String bootstrap(PipelineRecord r, String input) {
        return r.services().get(kafkaOf(input)).endpoints().get("bootstrap");
    }

    private static String kafkaOf(String input) {
        return input.substring(0, input.indexOf('/'));
    }

    private static String topicOf(String input) {
        return input.substring(input.indexOf('/') + 1);
    }
}
