package io.strata.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness itself: hosts reach each other and nothing else, partition and kill act on one host, close removes all. */
class HostsTest {

    private static final int PORT = 7000;

    @RegisterExtension
    final HostsExtension hosts = HostsExtension.of(2);

    @Test
    void hostsTalkOverTheBridgeAndAPartitionedOrKilledHostIsGone() throws Exception {
        Host server = hosts.get(0);
        Host client = hosts.get(1);
        HostProcess listener = server.run("line-server", List.of(java(), "-Xmx32m", "-XX:+UseSerialGC", "-cp",
                testClasses(), LineServer.class.getName(), server.address(), String.valueOf(PORT)));
        Await.until(Duration.ofSeconds(30), "the line server", () -> Optional.of(listener.stdout())
                .filter(out -> out.contains("listening")));

        assertThat(connect(client, server).stdout()).isEqualTo("pong from " + server.address() + "\n");
        assertThat(fromRootNamespace(server)).isEqualTo("pong from " + server.address());
        CliResult outside = connect(client, "203.0.113.1", 80);
        assertThat(outside.ok()).as("a host reaches no address off the hosts' subnet").isFalse();
        assertThat(outside.stderr()).contains("unreachable");

        server.partition();
        assertThat(connect(client, server).ok()).as("partitioned host unreachable").isFalse();
        assertThat(listener.isAlive()).as("a partition kills nothing").isTrue();
        server.heal();
        Await.until(Duration.ofSeconds(10), "the healed host", () -> Optional.of(connect(client, server)).filter(CliResult::ok));

        server.kill();
        assertThat(listener.isAlive()).isFalse();
        assertThat(server.pids()).isEmpty();
        assertThat(connect(client, server).ok()).isFalse();

        List<String> namespaces = hosts.hosts().all().stream().map(Host::namespace).toList();
        hosts.hosts().close();
        assertThat(hosts.hosts().leftovers()).isEmpty();
        assertThat(Ip.run("netns", "list")).doesNotContain(namespaces);
        assertThat(Ip.tryRun("link", "show", hosts.hosts().bridge()).exitCode()).isNotZero();
    }

    private static CliResult connect(Host from, Host to) {
        return connect(from, to.address(), PORT);
    }

    /** bash's /dev/tcp from inside {@code from}'s namespace, 3 s at most. */
    private static CliResult connect(Host from, String address, int port) {
        HostProcess p = from.run("connect", List.of("timeout", "3", "bash", "-c",
                "exec 3<>/dev/tcp/" + address + "/" + port + " && head -n 1 <&3"));
        int exit = p.await(Duration.ofSeconds(10));
        return new CliResult(exit, p.stdout(), p.stderr());
    }

    private static String fromRootNamespace(Host to) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(to.address(), PORT), 3000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String testClasses() throws Exception {
        return Path.of(LineServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
