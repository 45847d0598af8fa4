package io.strata.apps;

import io.strata.agent.process.ShellQuoting;
import io.strata.artifacts.ArtifactRoutes;
import io.strata.resources.Offer;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.security.TaskTokens;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An app instance's task: its command (argv with ${VAR} filled in, or sh -c), its env with the ports, its resources.
 * An app with artifacts runs under {@code sh -c}: each artifact is fetched into the sandbox with the artifact
 * fetcher (which checks its SHA-256; a failed fetch ends the task with its reason), then the command is exec'd.
 */
final class AppTasks {

    /**
     * How an instance fetches artifacts: {@code java -cp classPath} runs the fetcher (the same on every host, as
     * Strata's own jars are), from the artifact routes of the master node at {@code apiUrl}.
     */
    record Fetcher(String java, String classPath, String apiUrl) {
        static final String MAIN = io.strata.spark.plugin.ArtifactFetch.class.getName();
    }

    static final String APP_LABEL = "strata.app";
    static final String INSTANCE_LABEL = "strata.app.instance";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private AppTasks() {
    }

    /** The task id of an instance's launch: one per start, so a restart never reuses one. */
    static String taskId(AppRecord app, AppInstance instance) {
        return "app:" + app.name() + ":" + instance.id().substring(app.name().length() + 1) + "." + instance.restarts();
    }

    static TaskSpec spec(AppRecord app, AppDefinition def, AppInstance instance, AppOffers.Placed placed, Offer offer,
                         Fetcher fetcher) {
        Map<String, String> env = new LinkedHashMap<>(def.env());
        env.put("HOST", offer.host());
        placed.ports().forEach((name, port) -> env.put(new AppDefinition.Port(name, null).envName(), Integer.toString(port)));
        env.put("STRATA_APP", app.name());
        env.put("STRATA_APP_VERSION", Integer.toString(instance.version()));
        env.put("STRATA_APP_INSTANCE", instance.id());
        List<String> program = argv(def, env);
        List<String> argv = def.artifacts().isEmpty() ? program
                : List.of("sh", "-c", fetchThenExec(def.artifacts(), fetcher, program));
        Map<String, String> labels = Map.of(APP_LABEL, app.name(), INSTANCE_LABEL, instance.id(),
                TaskTokens.GROUP_LABEL, def.group());
        return new TaskSpec(TaskId.of(taskId(app, instance)), instance.id(), argv.get(0), argv.subList(1, argv.size()), env, placed.resources(), labels,
                Map.of(), null, def.user());
    }

    /** The program's argv: {@code sh -c <string>}, or the list with ${VAR} filled in. */
    private static List<String> argv(AppDefinition def, Map<String, String> env) {
        if (def.shell()) {
            return List.of("sh", "-c", def.command().get(0));
        }
        return def.command().stream().map(a -> fill(a, env)).toList();
    }

    /** {@code set -e}, one fetch per artifact into {@code $STRATA_SANDBOX/<name>}, then {@code exec} of the argv. */
    static String fetchThenExec(List<AppDefinition.Artifact> artifacts, Fetcher fetcher, List<String> argv) {
        StringBuilder sh = new StringBuilder("set -e\n");
        for (AppDefinition.Artifact a : artifacts) {
            sh.append(ShellQuoting.quote(fetcher.java())).append(" -cp ").append(ShellQuoting.quote(fetcher.classPath()))
                    .append(' ').append(Fetcher.MAIN).append(' ')
                    .append(ShellQuoting.quote(ArtifactRoutes.url(fetcher.apiUrl(), a.sha256()))).append(' ')
                    .append(a.sha256()).append(" \"$STRATA_SANDBOX\"/").append(ShellQuoting.quote(a.name())).append('\n');
        }
        sh.append("exec");
        argv.forEach(word -> sh.append(' ').append(ShellQuoting.quote(word)));
        return sh.append('\n').toString();
    }

    /** ${NAME} replaced by the variable's value; an unknown one is left as written (the program sees it). */
    static String fill(String part, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(part);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
