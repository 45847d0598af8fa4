package io.strata.apps;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One version of an app, as its app file defines it.
 *
 * @param command     the program and its arguments; with {@code shell}, one string run by {@code sh -c}
 * @param ports       named ports, each given to the program as {@code PORT_<NAME>} (upper case, '-' as '_')
 * @param artifacts   files of the artifact store fetched into each instance's sandbox before its command starts
 * @param healthCheck null: an instance is healthy once running
 * @param backoff     the first delay before an ended instance is started again, doubling up to {@code maxBackoff}
 * @param user        the Unix user the instances run as (null: the agent's task user)
 * @param sticky      how long an ended instance is started again only on its agent with its ports (ZERO: off)
 */
public record AppDefinition(String name, List<String> command, boolean shell, int instances, double cpus, long memMb,
                            long diskMb, Map<String, String> env, List<Port> ports, List<Artifact> artifacts,
                            HealthCheck healthCheck, List<Placement> constraints, UpgradePolicy upgrade,
                            Duration backoff, Duration maxBackoff, Duration killGracePeriod, String group, String user,
                            Duration sticky) {

    /** A named port; {@code fixed} asks for that port on the agent, null for any offered one. */
    public record Port(String name, Integer fixed) {

        /** The environment variable the program reads it from: {@code http-api} → {@code PORT_HTTP_API}. */
        public String envName() {
            return "PORT_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        }
    }

    /** An uploaded file (named by its SHA-256 in the artifact store) and the name it gets in the sandbox. */
    public record Artifact(String sha256, String name) {
    }

    public AppDefinition {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        ports = List.copyOf(ports);
        artifacts = List.copyOf(artifacts);
        constraints = List.copyOf(constraints);
        sticky = sticky == null ? Duration.ZERO : sticky;
    }

    /** The same definition in {@code newGroup} (the group an app was created in, when its file names none). */
    public AppDefinition withGroup(String newGroup) {
        return new AppDefinition(name, command, shell, instances, cpus, memMb, diskMb, env, ports, artifacts, healthCheck,
                constraints, upgrade, backoff, maxBackoff, killGracePeriod, newGroup, user, sticky);
    }
}
