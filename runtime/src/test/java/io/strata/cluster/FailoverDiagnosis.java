package io.strata.cluster;

import io.strata.protocol.ClusterState;
import io.strata.testing.ChildJvm;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * What a failover test's own node saw when a failover did not finish in time, in one line for the
 * failure message (the nodes' logs go with the test's temporary folder): its membership view,
 * the last cluster state the master gave, and each node's last cluster decisions.
 */
final class FailoverDiagnosis {

    private static final java.util.regex.Pattern DECISIONS = java.util.regex.Pattern.compile(
            "(?i).*(master started|sbr|down|unreachable|removing|singleton|quorum|error).*");

    private FailoverDiagnosis() {
    }

    static String of(ActorSystem<?> client, ClusterState lastSeen, Map<String, ChildJvm> nodes) {
        StringBuilder b = new StringBuilder();
        Cluster cluster = Cluster.get(client);
        b.append("client node ").append(cluster.selfMember().status());
        b.append(", members [").append(StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                .map(FailoverDiagnosis::member).collect(Collectors.joining(", "))).append(']');
        b.append(", unreachable [").append(cluster.state().getUnreachable().stream().map(FailoverDiagnosis::member)
                .collect(Collectors.joining(", "))).append(']');
        b.append(lastSeen == null ? ", no state seen after the kill"
                : ", last state: epoch " + lastSeen.masterEpoch() + ", " + lastSeen.tasks().size() + " tasks, "
                + lastSeen.agents().size() + " agents");
        nodes.forEach((name, jvm) -> {
            b.append(" | ").append(name).append(jvm.isAlive() ? " alive: " : " exited: ");
            var lines = jvm.output().lines().filter(l -> DECISIONS.matcher(l).matches()).toList();
            b.append(String.join(" / ", lines.subList(Math.max(0, lines.size() - 4), lines.size())));
        });
        return b.toString();
    }

    private static String member(Member m) {
        return m.address().getPort().map(String::valueOf).orElse("?") + m.getRoles() + ":" + m.status();
    }
}
