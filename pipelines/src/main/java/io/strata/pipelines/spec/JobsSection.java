package io.strata.pipelines.spec;

import io.strata.spec.Numbers;
import io.strata.spec.Problems;
import io.strata.spec.Suggestions;
import io.strata.spec.YamlMapping;

import io.strata.pipelines.spec.PipelineSpec.JobKind;
import io.strata.pipelines.spec.PipelineSpec.JobSpec;
import io.strata.pipelines.spec.PipelineSpec.ServiceType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The {@code jobs} of a pipeline file: Spark applications. */
final class JobsSection {

    private static final List<String> KEYS = List.of("kind", "class", "jar", "executors", "executorCores",
            "executorMemory", "driverMemory", "conf", "args", "input", "after", "checkpointSize");
    private static final Pattern CLASS_NAME =
            Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*\\.)*[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern MIN_MAX = Pattern.compile("([0-9]+)\\s*:\\s*([0-9]+)");
    private static final String EXECUTORS_RULE = "use N or MIN:MAX with 1 <= MIN <= MAX, e.g. 1:4";
    private static final long MIN_MEMORY_MB = 450;
    private static final long DEFAULT_DRIVER_MEMORY_MB = 1024;
    private static final long MIN_CHECKPOINT_MB = 16;
    private static final String CHECKPOINT_REF = "${job.checkpoint}";

    private JobsSection() {
    }

    /** The jobs that are complete enough to build, in file order. */
    static Map<String, JobSpec> read(YamlMapping jobs, Path baseDir, Catalog catalog) {
        Map<String, JobSpec> read = new LinkedHashMap<>();
        if (jobs == null) {
            return read;
        }
        ReferenceScope references = ReferenceScope.jobs(catalog);
        for (YamlMapping.Entry e : jobs.entries()) {
            YamlMapping m = YamlMapping.of(e, jobs.child(e.key()), jobs.problems(),
                    "a mapping of the job's settings, e.g. {kind: batch, class: com.example.Job, jar: job.jar}");
            JobSpec job = m == null ? null : job(e.key(), m, baseDir, catalog, references);
            if (job != null) {
                read.put(e.key(), job);
            }
        }
        return read;
    }

    private static JobSpec job(String key, YamlMapping m, Path baseDir, Catalog catalog, ReferenceScope references) {
        m.allowOnly(KEYS);
        JobKind kind = kind(m);
        String mainClass = m.requiredText("class", "give the main class's fully qualified name, e.g. com.example.MyJob");
        if (mainClass != null && !CLASS_NAME.matcher(mainClass).matches()) {
            m.problem("class", "'" + mainClass + "' is not a Java class name; give the main class's fully qualified"
                    + " name, e.g. com.example.MyJob");
            mainClass = null;
        }
        String jar = m.requiredText("jar", "give the application jar, relative to this file, e.g. target/my-job.jar")
                == null ? null : LocalFiles.jar(m, "jar", baseDir, mainClass);
        int[] executors = executors(m);
        Integer cores = m.has("executorCores") ? m.wholeInt("executorCores", 1, Integer.MAX_VALUE) : null;
        Long executorMemory = m.megabytes("executorMemory", MIN_MEMORY_MB);
        Long driverMemory = m.has("driverMemory") ? m.megabytes("driverMemory", MIN_MEMORY_MB)
                : Long.valueOf(DEFAULT_DRIVER_MEMORY_MB);
        Map<String, String> conf = conf(m, references);
        List<String> args = args(m, references);
        String input = input(m, kind, catalog);
        List<String> after = after(m, kind, catalog);
        Long checkpointMb = checkpointMb(m, kind, conf, args);
        if (kind == null || mainClass == null || jar == null || executors == null || driverMemory == null
                || checkpointMb == null) {
            return null;
        }
        return new JobSpec(key, kind, mainClass, jar, executors[0], executors[1], cores, executorMemory,
                driverMemory, conf, args, input, after, checkpointMb);
    }

    /**
     * A streaming job's checkpoint lives on a persistent volume beside its driver; a batch job has
     * none, so {@code ${job.checkpoint}} and {@code checkpointSize} are only for streaming jobs.
     */
    private static Long checkpointMb(YamlMapping m, JobKind kind, Map<String, String> conf, List<String> args) {
        if (kind == JobKind.BATCH) {
            if (m.has("checkpointSize")) {
                m.problem("checkpointSize", "only streaming jobs keep a checkpoint; remove it or make the job kind: streaming");
            }
            boolean refers = java.util.stream.Stream.concat(args.stream(), conf.values().stream())
                    .anyMatch(v -> v.contains(CHECKPOINT_REF));
            if (refers) {
                m.problem(args.stream().anyMatch(v -> v.contains(CHECKPOINT_REF)) ? "args" : "conf", CHECKPOINT_REF
                        + " is only for streaming jobs (their checkpoint lives on a volume beside the driver);"
                        + " a batch job has none: write its output to a service, or make the job kind: streaming");
            }
            return m.has("checkpointSize") || refers ? null : 0L;
        }
        if (!m.has("checkpointSize")) {
            return JobSpec.DEFAULT_CHECKPOINT_MB;
        }
        return m.megabytes("checkpointSize", MIN_CHECKPOINT_MB);
    }

    private static JobKind kind(YamlMapping m) {
        String given = m.requiredText("kind", "give streaming or batch");
        if (given == null) {
            return null;
        }
        for (JobKind k : JobKind.values()) {
            if (k.name().toLowerCase(Locale.ROOT).equals(given)) {
                return k;
            }
        }
        m.problem("kind", "'" + given + "' is not a job kind" + Suggestions.didYouMean(given,
                List.of("streaming", "batch"), "use streaming or batch"));
        return null;
    }

    /** {min, max}: N, "MIN:MAX" or {min: MIN, max: MAX}; 1 when not given. */
    private static int[] executors(YamlMapping m) {
        Node node = m.value("executors");
        if (node == null) {
            return new int[]{1, 1};
        }
        if (node instanceof MappingNode) {
            YamlMapping range = m.mapping("executors", "N, MIN:MAX or {min: MIN, max: MAX}");
            range.allowOnly(List.of("min", "max"));
            Integer min = range.has("min") ? range.wholeInt("min", 1, Integer.MAX_VALUE)
                    : missingInt(range, "min", "give the fewest executors, e.g. {min: 1, max: 4}");
            Integer max = range.has("max") ? range.wholeInt("max", 1, Integer.MAX_VALUE)
                    : missingInt(range, "max", "give the most executors, e.g. {min: 1, max: 4}");
            if (min != null && max != null && min > max) {
                m.problem("executors", "min " + min + " is more than max " + max + "; use 1 <= min <= max");
                return null;
            }
            return min == null || max == null ? null : new int[]{min, max};
        }
        String text = m.text("executors");
        if (text == null) {
            return null;
        }
        Long fixed = Numbers.whole(text);
        Matcher range = MIN_MAX.matcher(text);
        Long min = fixed != null ? fixed : range.matches() ? Numbers.whole(range.group(1)) : null;
        Long max = fixed != null ? fixed : range.matches() ? Numbers.whole(range.group(2)) : null;
        if (min == null || max == null || min < 1 || min > max || max > Integer.MAX_VALUE) {
            m.problem("executors", "'" + text + "' is not valid; " + EXECUTORS_RULE);
            return null;
        }
        return new int[]{min.intValue(), max.intValue()};
    }

    private static Integer missingInt(YamlMapping m, String key, String hint) {
        m.missing(key, hint);
        return null;
    }

    private static Map<String, String> conf(YamlMapping m, ReferenceScope references) {
        Map<String, String> conf = new LinkedHashMap<>();
        YamlMapping c = m.mapping("conf", "a mapping of Spark settings, e.g. {spark.sql.shuffle.partitions: 4}");
        if (c == null) {
            return conf;
        }
        for (YamlMapping.Entry e : c.entries()) {
            String value = single(e.value(), e.keyNode(), c.child(e.key()), references, m.problems());
            if (value != null) {
                conf.put(e.key(), value);
            }
        }
        return conf;
    }

    private static List<String> args(YamlMapping m, ReferenceScope references) {
        List<String> args = new ArrayList<>();
        List<Node> items = m.list("args", "a list of arguments, e.g. [\"--bootstrap\", \"${kafka.bootstrap}\"]");
        if (items == null) {
            return args;
        }
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String value = single(YamlMapping.isNull(item) ? null : item, item, m.child("args") + "[" + i + "]",
                    references, m.problems());
            if (value != null) {
                args.add(value);
            }
        }
        return args;
    }

    /** The text of a conf value or argument, with its references checked. */
    private static String single(Node value, Node at, String field, ReferenceScope references, Problems problems) {
        if (value == null) {
            problems.add(at, field, "has no value; write \"\" for an empty one");
            return null;
        }
        if (!(value instanceof ScalarNode scalar)) {
            problems.add(value, field, "must be a single value (text or number), got " + YamlMapping.describe(value));
            return null;
        }
        references.check(scalar, field, problems);
        return scalar.getValue();
    }

    private static String input(YamlMapping m, JobKind kind, Catalog catalog) {
        String hint = "<kafka service>/<topic>, e.g. kafka/readings";
        if (!m.has("input")) {
            if (kind == JobKind.STREAMING) {
                m.missing("input", "a streaming job needs the topic it reads, as " + hint);
            }
            return null;
        }
        ScalarNode node = m.scalar("input");
        if (node == null) {
            return null;
        }
        String input = node.getValue();
        int slash = input.indexOf('/');
        if (slash <= 0 || slash == input.length() - 1) {
            m.problem("input", "'" + input + "' is not valid; use " + hint);
            return null;
        }
        String service = input.substring(0, slash);
        if (!catalog.checkService(service, ServiceType.KAFKA)) {
            m.problem("input", catalog.notAService(service, ServiceType.KAFKA));
            return null;
        }
        catalog.checkTopic(node, slash + 1, m.child("input"), service, input.substring(slash + 1), m.problems());
        return input;
    }

    private static List<String> after(YamlMapping m, JobKind kind, Catalog catalog) {
        List<Node> items = m.list("after", "a list of source keys, e.g. [sensors]");
        if (items == null) {
            return List.of();
        }
        if (kind == JobKind.STREAMING) {
            m.problem("after", "only batch jobs wait for sources to finish; a streaming job runs alongside them,"
                    + " so remove 'after' or make the job kind: batch");
        }
        List<String> after = new ArrayList<>();
        List<String> sources = List.copyOf(catalog.sourceKeys());
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String field = m.child("after") + "[" + i + "]";
            if (!(item instanceof ScalarNode s) || YamlMapping.isNull(item)) {
                m.problems().add(item, field, "must be the key of a source, got " + YamlMapping.describe(item));
            } else if (!sources.contains(s.getValue())) {
                m.problems().add(item, field, "'" + s.getValue() + "' is not a source"
                        + Suggestions.didYouMean(s.getValue(), sources, sources.isEmpty()
                        ? "the file declares no sources" : "sources: " + String.join(", ", sources)));
            } else {
                after.add(s.getValue());
            }
        }
        return after;
    }
}
