package io.strata.pipelines.spec;

import io.strata.spec.Problem;
import io.strata.spec.Problems;
import io.strata.spec.YamlDocument;
import io.strata.spec.YamlMapping;

import io.strata.pipelines.spec.PipelineSpec.AppSpec;
import io.strata.pipelines.spec.PipelineSpec.CheckSpec;
import io.strata.pipelines.spec.PipelineSpec.JobSpec;
import io.strata.pipelines.spec.PipelineSpec.ServiceSpec;
import io.strata.pipelines.spec.PipelineSpec.SourceSpec;
import io.strata.pipelines.spec.PipelineSpec.WrittenSpec;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a pipeline file into a {@link PipelineSpec}, or refuses it with every problem found, each placed at a
 * line and column and worded for the user.
 */
public final class PipelineFile {

    private static final List<String> TOP_KEYS =
            List.of("name", "description", "group", "services", "apps", "jobs", "sources", "checks", "written");
    private static final Pattern PIPELINE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,29}");
    private static final Pattern GROUP_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    private static final List<String> RESERVED_KEYS = List.of("pipeline", "job", "events");

    private PipelineFile() {
    }

    /** Reads, parses and validates; relative paths (jar, schema file) resolve against the file's directory. */
    public static PipelineSpec read(Path file) throws PipelineFileException {
        String name = file.toString();
        Path absolute = file.toAbsolutePath().normalize();
        String text;
        try {
            if (Files.isDirectory(absolute)) {
                throw refuse(name, "is a directory, not a pipeline file (" + absolute + ")");
            }
            text = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw refuse(name, "file does not exist (looked for " + absolute + ")");
        } catch (CharacterCodingException e) {
            throw refuse(name, "is not UTF-8 text");
        } catch (AccessDeniedException e) {
            throw refuse(name, "cannot be read: permission denied");
        } catch (IOException e) {
            throw refuse(name, "cannot be read: " + e.getMessage());
        }
        return parse(text, name, absolute.getParent());
    }

    /**
     * Parses and validates {@code text}; {@code fileName} names the file in problems and relative paths resolve
     * against {@code baseDir} (the current directory when null).
     */
    public static PipelineSpec parse(String text, String fileName, Path baseDir) throws PipelineFileException {
        String source = text.startsWith("\uFEFF") ? text.substring(1) : text;
        Problems problems = new Problems(fileName, source);
        Node root = YamlDocument.compose(source, problems);
        if (root == null || YamlMapping.isNull(root)) {
            if (problems.isEmpty()) {
                problems.add("the file is empty; a pipeline needs 'name' and at least one of services, apps, jobs, sources");
            }
            throw new PipelineFileException(problems.sorted());
        }
        if (!(root instanceof MappingNode)) {
            problems.add(root, "", "the top level must be a mapping with name and services, apps, jobs, sources,"
                    + " checks or written, got " + YamlMapping.describe(root));
            throw new PipelineFileException(problems.sorted());
        }
        PipelineSpec spec = validate(YamlMapping.of(root, "", problems, "a mapping"),
                baseDir == null ? Path.of("").toAbsolutePath() : baseDir.toAbsolutePath(), source, fileName);
        if (!problems.isEmpty()) {
            throw new PipelineFileException(problems.sorted());
        }
        return spec;
    }

    /** Whether {@code key} may name a service, app, job or source. */
    static boolean isKey(String key) {
        return KEY.matcher(key).matches() && !RESERVED_KEYS.contains(key);
    }

    static boolean isPipelineName(String name) {
        return PIPELINE_NAME.matcher(name).matches();
    }

    private static PipelineSpec validate(YamlMapping top, Path baseDir, String source, String fileName) {
        top.allowOnly(TOP_KEYS);
        String name = top.requiredText("name", "give the pipeline a name, e.g. iot-sensors");
        if (name != null && !PIPELINE_NAME.matcher(name).matches()) {
            top.problem("name", "'" + name + "' is not a valid pipeline name; use 1 to 30 lowercase letters, digits"
                    + " and '-', starting with a letter, e.g. iot-sensors");
        }
        String group = top.text("group");
        if (group != null && !GROUP_NAME.matcher(group).matches()) {
            top.problem("group", "'" + group + "' is not a valid group name; use lower-case letters, digits, '_' and '-'"
                    + ", e.g. iot (see 'strata group list')");
        }
        YamlMapping services = top.mapping("services", "a mapping of services by key, e.g. {kafka: {brokers: 1}}");
        YamlMapping jobs = top.mapping("jobs", "a mapping of jobs by key, e.g. {aggregates: {kind: batch, ...}}");
        YamlMapping sources = top.mapping("sources", "a mapping of sources by key, e.g. {sensors: {type: "
                + SourcesSection.SENSOR_SIMULATOR + ", ...}}");
        YamlMapping apps = top.mapping("apps", "a mapping of apps by key, e.g. {web: " + AppsSection.EXAMPLE + "}");
        checkKeys(Stream.of(services, apps, jobs, sources).filter(Objects::nonNull).toList(), top.problems());
        if (keys(services).isEmpty() && keys(apps).isEmpty() && keys(jobs).isEmpty() && keys(sources).isEmpty()) {
            top.problems().add(top.node(), "", "a pipeline needs at least one of services, apps, jobs, sources");
        }

        Map<String, ServiceSpec> serviceSpecs = ServicesSection.read(services, baseDir);
        Catalog catalog = new Catalog(serviceSpecs, keys(services), keys(sources));
        Map<String, AppSpec> appSpecs = AppsSection.read(apps, source, fileName, name);
        Map<String, SourceSpec> sourceSpecs = SourcesSection.read(sources, catalog);
        Map<String, List<String>> endpoints = new LinkedHashMap<>();
        appSpecs.values().forEach(a -> endpoints.put(a.key(), a.ports()));
        sourceSpecs.values().stream().filter(SourceSpec::endpoint).forEach(s -> endpoints.put(s.key(), List.of(s.type())));
        catalog = catalog.withEndpoints(endpoints);
        AppsSection.checkReferences(apps, appSpecs.keySet(), catalog);
        Map<String, JobSpec> jobSpecs = JobsSection.read(jobs, baseDir, catalog);
        List<CheckSpec> checks = ChecksSection.checks(top, catalog);
        WrittenSpec written = ChecksSection.written(top, catalog);
        return new PipelineSpec(name, serviceSpecs, jobSpecs, sourceSpecs, checks, written, group, appSpecs);
    }

    private static Set<String> keys(YamlMapping m) {
        Set<String> keys = new LinkedHashSet<>();
        if (m != null) {
            m.entries().forEach(e -> keys.add(e.key()));
        }
        return keys;
    }

    /** Service, app, job and source keys are one namespace: references like ${kafka.bootstrap} start with them. */
    private static void checkKeys(List<YamlMapping> sections, Problems problems) {
        record Keyed(YamlMapping section, YamlMapping.Entry entry) {
        }
        List<Keyed> all = new ArrayList<>();
        sections.forEach(s -> s.entries().forEach(e -> all.add(new Keyed(s, e))));
        all.sort(Comparator.comparingInt(k -> k.entry().keyNode().getStartMark().getIndex()));
        Map<String, String> owners = new LinkedHashMap<>();
        for (Keyed k : all) {
            String key = k.entry().key();
            String field = k.section().child(key);
            if (!KEY.matcher(key).matches()) {
                problems.add(k.entry().keyNode(), field, "'" + key + "' is not a valid key; use 1 to 20 lowercase"
                        + " letters, digits and '-', starting with a letter");
            } else if (RESERVED_KEYS.contains(key)) {
                problems.add(k.entry().keyNode(), field, "'" + key + "' is reserved (references such as ${" + key
                        + ".…} mean something else); pick another key");
            } else if (owners.containsKey(key)) {
                problems.add(k.entry().keyNode(), field, "'" + key + "' is already used by " + owners.get(key)
                        + "; services, apps, jobs and sources share one set of keys (references such as ${" + key
                        + ".…} start with them), so pick another");
            } else {
                owners.put(key, field);
            }
        }
    }

    private static PipelineFileException refuse(String file, String message) {
        return new PipelineFileException(List.of(new Problem(file, 0, 0, "", message)));
    }
}
