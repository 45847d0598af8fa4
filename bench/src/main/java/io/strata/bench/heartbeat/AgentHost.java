package io.strata.bench.heartbeat;

import io.strata.bench.launch.SimulatedAgent;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import io.strata.protocol.AgentCommand;
import io.strata.resources.AgentId;
import io.strata.resources.Resources;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of one agent-host JVM of the heartbeat figures: a Strata node without master or
 * real agents that joins the master's cluster over Artery TCP on loopback and hosts {@code count}
 * {@link SimulatedAgent}s, which reach the master through the node's singleton proxy as real
 * agents do. It prints {@code ready} once its agents are spawned; a line {@code interval MS SEQ}
 * on its stdin sets every agent's heartbeat interval (answered {@code interval MS SEQ} on stdout),
 * {@code stop} or the end of stdin stops it.
 *
 * <p>Arguments: seed (HOST:PORT of the master node), first agent number, count, total agents (for
 * the phases), heartbeat interval in ms, each agent's cpus and memory in MB.
 */
public final class AgentHost {

    /** The heartbeats of agent k are this fraction of an interval after agent k-1's (spread evenly). */
    private static final double GOLDEN = 0.6180339887498949;

    private AgentHost() {
    }

    public static void main(String[] args) throws Exception {
        String seed = args[0];
        int first = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        Duration interval = Duration.ofMillis(Long.parseLong(args[4]));
        Resources total = Resources.of(Double.parseDouble(args[5]), Long.parseLong(args[6]), 10_240);
        Path home = Files.createTempDirectory("strata-agent-host");
        StrataNode node = StrataNode.start(new NodeConfig(home, "127.0.0.1", 0, List.of(seed), false, 0, List.of()));
        List<ActorRef<AgentCommand>> agents = new ArrayList<>(count);
        double[] phases = new double[count];
        for (int i = 0; i < count; i++) {
            int k = first + i;
            phases[i] = phase(k);
            AgentId id = AgentId.of(String.format("sim-%05d", k));
            agents.add(node.system().systemActorOf(SimulatedAgent.create(id, "10.2." + k / 256 + "." + k % 256, total,
                    node.master(), interval, phases[i]), id.value(), Props.empty()));
        }
        System.out.println("ready " + count);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals("stop")) {
            String[] words = line.trim().split(" ");
            if (words.length == 3 && words[0].equals("interval")) {
                Duration next = Duration.ofMillis(Long.parseLong(words[1]));
                for (int i = 0; i < count; i++) {
                    agents.get(i).tell(new SimulatedAgent.SetInterval(next, phases[i]));
                }
                System.out.println(line.trim());
                System.out.flush();
            }
        }
        node.abandon();
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        System.exit(0);
    }

    static double phase(int k) {
        double p = (k * GOLDEN) % 1.0;
        return Math.max(0.001, p);
    }
}
