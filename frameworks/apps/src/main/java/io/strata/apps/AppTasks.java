package io.strata.apps;

import io.strata.resources.Offer;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An app instance's task: its command (argv with ${VAR} filled in, or sh -c), its env with the ports, its resources. */
final class AppTasks {

    static final String APP_LABEL = "strata.app";
    static final String INSTANCE_LABEL = "strata.app.instance";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private AppTasks() {
    }

    /** The task id of an instance's launch: one per start, so a restart never reuses one. */
    static String taskId(AppRecord app, AppInstance instance) {
        return "app:" + app.name() + ":" + instance.id().substring(app.name().length() + 1) + "." + instance.restarts();
    }

    static TaskSpec spec(AppRecord app, AppDefinition def, AppInstance instance, AppOffers.Placed placed, Offer offer) {
        Map<String, String> env = new LinkedHashMap<>(def.env());
        env.put("HOST", offer.host());
        placed.ports().forEach((name, port) -> env.put(new AppDefinition.Port(name, null).envName(), Integer.toString(port)));
        env.put("STRATA_APP", app.name());
        env.put("STRATA_APP_VERSION", Integer.toString(instance.version()));
        env.put("STRATA_APP_INSTANCE", instance.id());
        String command;
        List<String> args = new ArrayList<>();
        if (def.shell()) {
            command = "sh";
            args.add("-c");
            args.add(def.command().get(0));
        } else {
            command = fill(def.command().get(0), env);
            def.command().stream().skip(1).forEach(a -> args.add(fill(a, env)));
        }
        Map<String, String> labels = Map.of(APP_LABEL, app.name(), INSTANCE_LABEL, instance.id());
        return new TaskSpec(TaskId.of(taskId(app, instance)), instance.id(), command, args, env, placed.resources(), labels,
                Map.of(), null, def.user());
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
