package io.strata.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The release on six namespace hosts: three masters, two agents and a host that only runs the CLI.
 * The CLI sees both agents; the host of the master singleton (the oldest master) is killed; another
 * master's API answers and lists both agents again.
 */
class MultiHostSmokeTest {

    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration FAILOVER = Duration.ofMinutes(2);

    @RegisterExtension
    final HostsExtension hosts = HostsExtension.of(6);

    @Test
    void threeMastersTwoAgentsSurviveTheLossOfTheOldestMastersHost() {
        Strata strata = hosts.strata();
        List<Host> masters = hosts.range(0, 3);
        List<Host> agents = hosts.range(3, 5);
        Host laptop = hosts.get(5);

        strata.startMasters(masters, START).startAgents(agents, masters.get(0), "--cpus", "2", "--mem", "2048");
        List<String> agentAddresses = agents.stream().map(Host::address).sorted().toList();

        strata.useApi(laptop, masters.toArray(Host[]::new));
        JsonNode before = Await.until(START, "both agents through the CLI on " + laptop, () ->
                Optional.of(strata.status(laptop))
                        .filter(state -> Strata.activeAgentHosts(state).equals(agentAddresses)));
        Host singleton = Strata.hostOf(before.path("master").path("address").asText(), masters);
        assertThat(singleton).as("the master singleton runs on the oldest master").isEqualTo(masters.get(0));

        singleton.kill();
        // The laptop still lists the dead master first: the CLI moves on to the next URL by itself.
        Host[] survivors = masters.stream().filter(m -> m != singleton).toArray(Host[]::new);
        JsonNode after = Await.until(FAILOVER, "both agents again through a surviving master", () ->
                Optional.of(strata.status(laptop))
                        .filter(state -> !state.path("master").path("address").asText().contains(singleton.address()))
                        .filter(state -> Strata.activeAgentHosts(state).equals(agentAddresses)));
        assertThat(List.of(survivors)).contains(Strata.hostOf(after.path("master").path("address").asText(), masters));
        assertThat(agents).allSatisfy(agent -> assertThat(strata.node(agent).isAlive()).isTrue());

        hosts.hosts().close();
        assertThat(hosts.hosts().leftovers()).as("namespaces, veths and bridge removed").isEmpty();
        assertThat(Ip.run("netns", "list")).doesNotContain(hosts.hosts().all().stream().map(Host::namespace).toList());
        assertThat(Ip.tryRun("link", "show", hosts.hosts().bridge()).exitCode()).as("bridge removed").isNotZero();
    }
}
