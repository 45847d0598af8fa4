package io.strata.apps;

import io.strata.api.StrictJson;
import io.strata.spec.Problems;
import io.strata.spec.YamlDocument;
import io.strata.spec.YamlMapping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads an app file (YAML, or JSON, which YAML reads too) into an {@link AppDefinition}, or reports
 * every problem at once, each at its line and column with the field's path, as pipeline files are
 * reported. Nothing is started for a file with a problem.
 */
public final class AppFile {

    static final List<String> KEYS = List.of("name", "command", "args", "instances", "cpus", "mem", "disk", "env",
            "ports", "artifacts", "healthCheck", "constraints", "upgrade", "backoff", "maxBackoff", "killGracePeriod",
            "group", "user", "sticky");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final String COMMAND_FORMS = "the program to run: a list such as [python3, -m, http.server,"
            + " \"${PORT_HTTP}\"], or one string run by sh -c";

    private AppFile() {
    }

    public static AppDefinition parse(String fileName, String text) throws AppFileException {
        Problems problems = new Problems(fileName, text);
        Node root = YamlDocument.compose(text, problems);
        if (root == null) {
            if (problems.isEmpty()) {
                problems.add("the file is empty; an app file needs at least name and command");
            }
            throw new AppFileException(problems.sorted());
        }
        YamlMapping app = YamlMapping.of(root, "", problems, "a mapping of settings (name, command, instances, ...)");
        if (app == null) {
            throw new AppFileException(problems.sorted());
        }
        app.allowOnly(KEYS);
        AppDefinition d = read(app, problems);
        if (!problems.isEmpty()) {
            throw new AppFileException(problems.sorted());
        }
        return d;
    }

    private static AppDefinition read(YamlMapping app, Problems problems) {
        String name = app.requiredText("name", "the app's name, e.g. web (lower-case letters, digits and '-')");
        if (name != null && !NAME.matcher(name).matches()) {
            app.problem("name", "must be lower-case letters, digits and '-', starting with a letter (at most 63), got '"
                    + name + "'");
        }
        List<Port> ports = ports(app, problems);
        boolean shell = app.value("command") instanceof ScalarNode;
        List<String> command = command(app, problems);
        int instances = or(app.wholeInt("instances", 0, 1000), 1);
        double cpus = atMost(app, "cpus", or(app.positive("cpus"), 0.1), MAX_CPUS, "cpus");
        long memMb = (long) atMost(app, "mem", or(app.megabytes("mem", 16), 128L), StrictJson.MAX_MB, "MB (1 PB)");
        long diskMb = (long) atMost(app, "disk", or(app.megabytes("disk", 0), 0L), StrictJson.MAX_MB, "MB (1 PB)");
        Map<String, String> env = env(app, problems, ports);
        checkReferences(app, command, ports, env);
        List<AppDefinition.Artifact> artifacts = AppArtifacts.read(app, problems);
        HealthCheck health = HealthChecks.read(app, problems, ports);
        List<Placement> constraints = Constraints.read(app, problems);
        UpgradePolicy upgrade = upgrade(app, problems);
        Duration backoff = or(app.duration("backoff", Duration.ofMillis(100)), Duration.ofSeconds(1));
        Duration maxBackoff = or(app.duration("maxBackoff", Duration.ofMillis(100)), Duration.ofMinutes(1));
        if (maxBackoff.compareTo(backoff) < 0) {
            app.problem("maxBackoff", "must not be shorter than backoff (" + backoff.toMillis() + " ms)");
        }
        Duration killGrace = or(app.duration("killGracePeriod", Duration.ZERO), Duration.ofSeconds(10));
        String group = or(app.text("group"), "default");
        String user = app.text("user");
        Duration sticky = sticky(app);
        if (!problems.isEmpty()) {
            return null;
        }
        return new AppDefinition(name, command, shell, instances, cpus, memMb, diskMb, env, ports.stream()
                .map(p -> new AppDefinition.Port(p.name, p.fixed)).toList(), artifacts, health, constraints, upgrade,
                backoff, maxBackoff, killGrace, group, user, sticky);
    }

    /** More cpus than any cluster has, as the task API's limit: a larger number is a typing mistake. */
    static final double MAX_CPUS = 1e9;

    /** {@code value}, with a problem at {@code key} when it is more than {@code max} (then {@code max}). */
    private static double atMost(YamlMapping app, String key, double value, double max, String unit) {
        if (value <= max) {
            return value;
        }
        app.problem(key, "must be at most " + String.format(java.util.Locale.ROOT, "%.0f", max) + " " + unit
                + ", more than any cluster has, got '" + app.text(key) + "'");
        return max;
    }

    static final Duration STICKY_DEFAULT = Duration.ofMinutes(2);
    private static final String STICKY_FORMS = "true (for 2m), false, or {for: 90s}";

    /**
     * {@code sticky}: how long an instance that ended is started again only on its agent with its ports
     * (ZERO: off, the default).
     */
    private static Duration sticky(YamlMapping app) {
        Node v = app.value("sticky");
        if (v == null || v instanceof ScalarNode s && YamlMapping.isNull(s)) {
            return Duration.ZERO;
        }
        if (v instanceof ScalarNode s) {
            String t = s.getValue().toLowerCase(java.util.Locale.ROOT);
            if (!List.of("true", "yes", "on", "false", "no", "off").contains(t)) {
                app.problem("sticky", "must be " + STICKY_FORMS + ", got '" + s.getValue() + "'");
                return Duration.ZERO;
            }
            return Boolean.TRUE.equals(app.bool("sticky")) ? STICKY_DEFAULT : Duration.ZERO;
        }
        YamlMapping m = app.mapping("sticky", STICKY_FORMS);
        if (m == null) {
            return Duration.ZERO;
        }
        m.allowOnly(List.of("for"));
        if (!m.has("for")) {
            m.missing("for", "how long an ended instance waits for its agent and ports, e.g. {for: 90s}");
            return Duration.ZERO;
        }
        return or(m.duration("for", Duration.ofSeconds(1)), Duration.ZERO);
    }

    /** A port as read, with the node it was read from. */
    record Port(String name, Integer fixed, Node at) {
        String envName() {
            return new AppDefinition.Port(name, fixed).envName();
        }
    }

    private static List<Port> ports(YamlMapping app, Problems problems) {
        List<Node> items = app.list("ports", "a list of named ports, e.g. [{name: http}]");
        List<Port> ports = new ArrayList<>();
        if (items == null) {
            return ports;
        }
        for (int i = 0; i < items.size(); i++) {
            String path = app.child("ports") + "[" + i + "]";
            Node item = items.get(i);
            String name;
            Integer fixed = null;
            if (item instanceof ScalarNode s) {
                name = s.getValue();
            } else {
                YamlMapping m = YamlMapping.of(item, path, problems, "a port: {name: http} or {name: http, port: 8080}");
                if (m == null) {
                    continue;
                }
                m.allowOnly(List.of("name", "port"));
                name = m.requiredText("name", "the port's name, e.g. http; the program reads it as PORT_HTTP");
                fixed = m.wholeInt("port", 1, 65535);
            }
            if (name == null) {
                continue;
            }
            if (!PORT_NAME.matcher(name).matches()) {
                problems.add(item, path, "a port's name must be lower-case letters, digits and '-', starting with a"
                        + " letter, got '" + name + "'");
            } else if (ports.stream().anyMatch(p -> p.name.equals(name))) {
                problems.add(item, path, "port '" + name + "' is named twice; give each port its own name");
            } else {
                ports.add(new Port(name, fixed, item));
            }
        }
        return ports;
    }

    private static List<String> command(YamlMapping app, Problems problems) {
        Node v = app.value("command");
        List<String> args = scalars(app, "args", "a list of arguments");
        if (v == null) {
            app.missing("command", COMMAND_FORMS);
            return List.of();
        }
        if (v instanceof ScalarNode s) {
            if (s.getValue().isBlank()) {
                app.problem("command", "must not be empty; " + COMMAND_FORMS);
            }
            if (!args.isEmpty()) {
                app.problem("args", "args go with a command given as a list; put them in the command string instead");
            }
            return List.of(s.getValue());
        }
        if (!(v instanceof SequenceNode)) {
            app.problem("command", "must be " + COMMAND_FORMS + ", got " + YamlMapping.describe(v));
            return List.of();
        }
        List<String> command = new ArrayList<>(scalars(app, "command", COMMAND_FORMS));
        if (command.isEmpty()) {
            app.problem("command", "must not be empty; " + COMMAND_FORMS);
        }
        command.addAll(args);
        return command;
    }

    private static Map<String, String> env(YamlMapping app, Problems problems, List<Port> ports) {
        Map<String, String> env = new LinkedHashMap<>();
        YamlMapping m = app.mapping("env", "a mapping of environment variables, e.g. {GREETING: hello}");
        if (m == null) {
            return env;
        }
        for (YamlMapping.Entry e : m.entries()) {
            if (!ENV_NAME.matcher(e.key()).matches()) {
                problems.add(e.keyNode(), m.child(e.key()), "an environment variable's name is letters, digits and"
                        + " '_', not starting with a digit");
                continue;
            }
            if (ports.stream().anyMatch(p -> p.envName().equals(e.key()))) {
                problems.add(e.keyNode(), m.child(e.key()), e.key() + " is set by Strata to the port it gives the"
                        + " app; name the variable differently");
                continue;
            }
            String value = m.text(e.key());
            env.put(e.key(), value == null ? "" : value);
        }
        return env;
    }

    /** {@code ${PORT_X}} in the command must name a declared port: a typo would start a broken program. */
    private static void checkReferences(YamlMapping app, List<String> command, List<Port> ports,
                                        Map<String, String> env) {
        for (String part : command) {
            Matcher m = REFERENCE.matcher(part);
            while (m.find()) {
                String ref = m.group(1);
                if (ref.startsWith("PORT_") && ports.stream().noneMatch(p -> p.envName().equals(ref))
                        && !env.containsKey(ref)) {
                    app.problem("command", "'${" + ref + "}' names no port of the app; "
                            + (ports.isEmpty() ? "declare it under ports, e.g. ports: [{name: "
                            + ref.substring(5).toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "}]"
                            : "its ports are " + String.join(", ", ports.stream()
                            .map(p -> p.name + " (${" + p.envName() + "})").toList())));
                }
            }
        }
    }

    private static UpgradePolicy upgrade(YamlMapping app, Problems problems) {
        YamlMapping m = app.mapping("upgrade", "a mapping: {minHealthy: 0.66, maxSurge: 1, progressDeadline: 60s,"
                + " autoRevert: true}");
        if (m == null) {
            return UpgradePolicy.DEFAULT;
        }
        m.allowOnly(List.of("minHealthy", "maxSurge", "progressDeadline", "autoRevert"));
        UpgradePolicy d = UpgradePolicy.DEFAULT;
        Double minHealthy = m.decimal("minHealthy", 0, 1);
        Integer maxSurge = m.wholeInt("maxSurge", 0, 1000);
        Duration deadline = m.duration("progressDeadline", Duration.ofSeconds(1));
        Boolean autoRevert = m.bool("autoRevert");
        if (m.has("minHealthy") && minHealthy == null || m.has("maxSurge") && maxSurge == null
                || m.has("progressDeadline") && deadline == null || m.has("autoRevert") && autoRevert == null) {
            return d;
        }
        try {
            return new UpgradePolicy(or(minHealthy, d.minHealthy()), or(maxSurge, d.maxSurge()),
                    or(deadline, d.progressDeadline()), or(autoRevert, d.autoRevert()));
        } catch (IllegalArgumentException e) {
            app.problem("upgrade", e.getMessage());
            return d;
        }
    }

    static List<String> scalars(YamlMapping m, String key, String expected) {
        List<Node> items = m.list(key, expected);
        List<String> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ScalarNode s && !YamlMapping.isNull(s)) {
                out.add(s.getValue());
            } else {
                m.problems().add(items.get(i), m.child(key) + "[" + i + "]", "must be a single value, got "
                        + YamlMapping.describe(items.get(i)));
            }
        }
        return out;
    }

    static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
