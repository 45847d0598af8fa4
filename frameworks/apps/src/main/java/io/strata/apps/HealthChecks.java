package io.strata.apps;

import io.strata.spec.Problems;
import io.strata.spec.YamlMapping;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Reads an app file's {@code healthCheck}. */
final class HealthChecks {

    private static final List<String> KEYS = List.of("type", "port", "path", "command", "gracePeriod", "interval",
            "timeout", "maxFailures");

    private HealthChecks() {
    }

    static HealthCheck read(YamlMapping app, Problems problems, List<AppFile.Port> ports) {
        YamlMapping m = app.mapping("healthCheck", "a mapping, e.g. {type: http, port: http, path: /}");
        if (m == null) {
            return null;
        }
        m.allowOnly(KEYS);
        String typeText = m.requiredText("type", "http, tcp or command");
        HealthCheck.Type type = null;
        if (typeText != null) {
            try {
                type = HealthCheck.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                m.problem("type", "must be http, tcp or command, got '" + typeText + "'");
            }
        }
        String port = m.text("port");
        if (type == HealthCheck.Type.HTTP || type == HealthCheck.Type.TCP) {
            if (port == null) {
                m.missing("port", "the name of the port checked, one of the app's ports" + names(ports));
            } else if (ports.stream().noneMatch(p -> p.name().equals(port))) {
                m.problem("port", "'" + port + "' is not a port of the app"
                        + (ports.isEmpty() ? "; declare it under ports, e.g. ports: [{name: " + port + "}]"
                        : "; its ports are" + names(ports)));
            }
        } else if (type == HealthCheck.Type.COMMAND && port != null) {
            m.problem("port", "a command check has no port; use type: tcp or http to check a port");
        }
        String path = AppFile.or(m.text("path"), "/");
        if (type != HealthCheck.Type.HTTP && m.has("path")) {
            m.problem("path", "only an http check has a path");
        } else if (!path.startsWith("/")) {
            m.problem("path", "must start with '/', got '" + path + "'");
        }
        String command = m.text("command");
        if (type == HealthCheck.Type.COMMAND && (command == null || command.isBlank())) {
            m.missing("command", "the command run in the instance's sandbox by sh -c; exit code 0 is healthy");
        } else if (type != HealthCheck.Type.COMMAND && command != null) {
            m.problem("command", "only a command check runs a command");
        }
        Duration grace = AppFile.or(m.duration("gracePeriod", Duration.ZERO), HealthCheck.DEFAULT_GRACE);
        Duration interval = AppFile.or(m.duration("interval", Duration.ofMillis(100)), HealthCheck.DEFAULT_INTERVAL);
        Duration timeout = AppFile.or(m.duration("timeout", Duration.ofMillis(10)), HealthCheck.DEFAULT_TIMEOUT);
        if (timeout.compareTo(interval) > 0) {
            m.problem("timeout", "must not be longer than interval (" + interval.toMillis() + " ms)");
        }
        int maxFailures = AppFile.or(m.wholeInt("maxFailures", 1, 100), HealthCheck.DEFAULT_MAX_FAILURES);
        if (type == null) {
            return null;
        }
        return new HealthCheck(type, port, type == HealthCheck.Type.HTTP ? path : null,
                command == null ? List.of() : List.of(command), grace, interval, timeout, maxFailures);
    }

    private static String names(List<AppFile.Port> ports) {
        return ports.isEmpty() ? " (it has none)" : " " + String.join(", ", ports.stream().map(AppFile.Port::name)
                .toList());
    }
}
