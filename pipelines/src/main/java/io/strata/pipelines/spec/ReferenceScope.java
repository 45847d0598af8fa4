package io.strata.pipelines.spec;

import io.strata.spec.Problems;
import io.strata.spec.Suggestions;

import io.strata.pipelines.spec.PipelineSpec.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The {@code ${...}} references valid in one place of a pipeline file. */
final class ReferenceScope {

    static final List<String> JOB_ONLY = List.of("job.group", "job.checkpoint", "job.name");
    static final List<String> CHECK_ONLY = List.of("events.produced");

    private final List<String> valid;
    private final List<String> elsewhere;
    private final String elsewhereWhere;
    private final Catalog catalog;

    private ReferenceScope(List<String> valid, List<String> elsewhere, String elsewhereWhere, Catalog catalog) {
        this.valid = valid;
        this.elsewhere = elsewhere;
        this.elsewhereWhere = elsewhereWhere;
        this.catalog = catalog;
    }

    /** A job's args and conf. */
    static ReferenceScope jobs(Catalog catalog) {
        return new ReferenceScope(names(catalog, JOB_ONLY), CHECK_ONLY, "in checks", catalog);
    }

    /**
     * An app's texts: pipeline references are the names with a dot; others (${PORT_HTTP}, ${HOME}) are the
     * app's own, left for it. An app refers to the endpoints of the apps above it and of the sources.
     */
    static ReferenceScope apps(Catalog catalog, String app) {
        List<String> valid = new ArrayList<>();
        for (String name : names(catalog, List.of())) {
            if (!name.startsWith(app + ".endpoints")) {
                valid.add(name);
            }
        }
        List<String> below = new ArrayList<>();
        boolean after = false;
        for (String key : catalog.endpoints().keySet()) {
            if (key.equals(app)) {
                after = true;
            } else if (after && !catalog.sourceKeys().contains(key)) {
                below.add(key);
            }
        }
        valid.removeIf(n -> below.stream().anyMatch(b -> n.startsWith(b + ".endpoints")));
        List<String> elsewhere = new ArrayList<>(JOB_ONLY);
        elsewhere.addAll(CHECK_ONLY);
        return new ReferenceScope(valid, elsewhere, "in jobs and checks (an app refers only to the endpoints of"
                + " the apps above it and of the sources, never its own)", catalog);
    }

    /** A check's cql and expect. */
    static ReferenceScope checks(Catalog catalog) {
        return new ReferenceScope(names(catalog, CHECK_ONLY), JOB_ONLY, "in a job's args and conf", catalog);
    }

    private static List<String> names(Catalog catalog, List<String> local) {
        List<String> names = new ArrayList<>();
        for (ServiceSpec s : catalog.services().values()) {
            switch (s.type()) {
                case KAFKA -> names.add(s.key() + ".bootstrap");
                case CASSANDRA -> {
                    names.add(s.key() + ".contactPoints");
                    names.add(s.key() + ".datacenter");
                }
            }
        }
        catalog.endpoints().forEach((key, ports) -> {
            names.add(key + ".endpoints");
            ports.forEach(p -> names.add(key + ".endpoints." + p));
        });
        names.add("pipeline.name");
        names.addAll(local);
        return names;
    }

    /** Records a problem for every malformed or unknown reference in the scalar's value. */
    void check(ScalarNode node, String field, Problems problems) {
        check(node, field, problems, false);
    }

    /** As {@link #check(ScalarNode, String, Problems)}; with {@code dottedOnly}, names without a dot are let be. */
    void check(ScalarNode node, String field, Problems problems, boolean dottedOnly) {
        for (References.Occurrence o : References.scan(node.getValue())) {
            if (dottedOnly && o.closed() && o.name().indexOf('.') < 0) {
                continue;
            }
            String message = problem(o);
            if (message != null) {
                problems.add(node, o.offset(), field, message);
            }
        }
    }

    private String problem(References.Occurrence o) {
        String name = o.name();
        if (!o.closed()) {
            return "'" + o.text() + "' has no closing '}'; write references as ${name}, e.g. ${" + valid.get(0) + "}";
        }
        if (valid.contains(name) || fromUntypedService(name)) {
            return null;
        }
        if (name.isEmpty()) {
            return "'${}' names nothing; valid here: " + listed();
        }
        if (elsewhere.contains(name)) {
            return "${" + name + "} is only known " + elsewhereWhere + "; valid here: " + listed();
        }
        return "unresolvable reference ${" + name + "}" + Suggestions.closest(name, valid)
                .map(c -> "; did you mean ${" + c + "}? Valid here: ").orElse("; valid here: ") + listed();
    }

    private boolean fromUntypedService(String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            return false;
        }
        String key = name.substring(0, dot);
        return catalog.serviceKeys().contains(key) && !catalog.services().containsKey(key);
    }

    private String listed() {
        return valid.stream().map(n -> "${" + n + "}").collect(Collectors.joining(", "));
    }
}
