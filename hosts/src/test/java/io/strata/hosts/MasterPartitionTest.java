package io.strata.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The master singleton's host cut off from the rest (its link down): the majority side takes over
 * while the cut-off master, alone, can reach no agent and acts on nothing; after the link comes back
 * there is one master, the task that ran throughout still runs with the same pid, and the task
 * started during the partition runs exactly once.
 */
class MasterPartitionTest {

    private static final Duration START = Duration.ofMinutes(3);

    @RegisterExtension
    final HostsExtension hosts = HostsExtension.of(6);

    @Test
    void theMajoritySideTakesOverAndNothingIsLostOrDoubled() {
        Strata strata = hosts.strata();
        List<Host> masters = hosts.range(0, 3);
        List<Host> agents = hosts.range(3, 5);
        Host laptop = hosts.get(5);

        strata.startMasters(masters, START).startAgents(agents, masters.get(0), "--cpus", "2", "--mem", "2048");
        strata.useApi(laptop, masters.toArray(Host[]::new));
        strata.awaitAgents(laptop, 2, START);

        String before = strata.cli(laptop, "task", "run", "--name", "before", "--cpus", "0.5", "--mem", "32", "--",
                "sleep", "3601").assertOk().stdout().strip();
        JsonNode running = Await.until(START, "the first task running", () -> task(strata, laptop, before)
                .filter(t -> t.path("state").asText().equals("RUNNING")));
        long pid = running.path("pid").asLong();

        JsonNode state = strata.cli(laptop, "status", "--json").assertOk().json();
        Host singleton = Strata.hostOf(state.path("master").path("address").asText(), masters);
        List<Host> majority = masters.stream().filter(m -> m != singleton).toList();
        singleton.partition();
        strata.useApi(laptop, majority.toArray(Host[]::new));

        Await.until(START, "a master on the majority side with both agents", () ->
                Optional.of(strata.cli(laptop, "status", "--json").assertOk().json())
                        .filter(s -> majority.stream().anyMatch(m -> s.path("master").path("address").asText()
                                .contains("@" + m.address() + ":")))
                        .filter(s -> Strata.activeAgentHosts(s).size() == 2));
        String during = strata.cli(laptop, "task", "run", "--name", "during", "--cpus", "0.5", "--mem", "32", "--",
                "sleep", "3602").assertOk().stdout().strip();
        Await.until(START, "the task started during the partition running", () -> task(strata, laptop, during)
                .filter(t -> t.path("state").asText().equals("RUNNING")));

        singleton.heal();
        strata.useApi(laptop, masters.toArray(Host[]::new));
        // One master: every master node that still answers names the same one, on the majority side.
        Await.until(START, "one master after the partition healed", () -> {
            List<String> seen = new ArrayList<>();
            for (Host m : masters) {
                try {
                    seen.add(strata.get(m, "/api/v1/state").path("master").path("address").asText());
                } catch (RuntimeException e) {
                    // a master the resolver downed no longer serves
                }
            }
            return Optional.of(seen).filter(s -> !s.isEmpty() && s.stream().distinct().count() == 1
                    && !s.get(0).contains("@" + singleton.address() + ":"));
        });
        JsonNode tasks = strata.cli(laptop, "task", "list", "--json").assertOk().json();
        assertThat(count(tasks, "before", "RUNNING")).as("the first task, not lost").isEqualTo(1);
        assertThat(count(tasks, "during", "RUNNING")).as("the task started during the partition, once").isEqualTo(1);
        assertThat(task(strata, laptop, before).orElseThrow().path("pid").asLong()).as("same process").isEqualTo(pid);
        assertThat(sleepProcesses(agents)).as("one process per task on the agent hosts").containsExactlyInAnyOrder(
                "sleep 3601", "sleep 3602");
    }

    private static Optional<JsonNode> task(Strata strata, Host laptop, String id) {
        for (JsonNode t : strata.cli(laptop, "task", "list", "--json").assertOk().json()) {
            if (t.path("id").asText().equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static long count(JsonNode tasks, String name, String state) {
        long n = 0;
        for (JsonNode t : tasks) {
            if (t.path("name").asText().equals(name) && t.path("state").asText().equals(state)) {
                n++;
            }
        }
        return n;
    }

    /** The command lines of every "sleep" process on the agent hosts. */
    private static List<String> sleepProcesses(List<Host> agents) {
        List<String> out = new ArrayList<>();
        for (Host agent : agents) {
            for (long pid : agent.pids()) {
                try {
                    String[] argv = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"),
                            StandardCharsets.UTF_8).split("\0");
                    if (argv.length == 2 && (argv[0].equals("sleep") || argv[0].endsWith("/sleep"))) {
                        out.add("sleep " + argv[1]);
                    }
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        }
        return out;
    }
}
