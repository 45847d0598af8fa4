package io.strata.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.agent.HostListeners.Listener;
import io.strata.resources.PortRanges;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostListenersTest {

    /** As a little-endian host (x86, arm64) prints it; 0x61A8 is port 25000. */
    static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:61A8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 101 1 0 100 0 0 10 0
               1: 0200007F:61A9 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 102 1 0 100 0 0 10 0
               2: 00000000:61AA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 103 1 0 100 0 0 10 0
               3: 0200007F:61AB 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 104 1 0 20 4 30 10 -1
               4: 0200007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 105 1 0 100 0 0 10 0
            """;

    static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:61AC 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 201 1 0 100 0 0 10 0
               1: 0000000000000000FFFF00000200007F:61AD 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 202 1 0 100 0 0 10 0
               2: 00000000000000000000000001000000:61AE 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 203 1 0 100 0 0 10 0
            """;

    static final PortRanges RANGE = PortRanges.range(25000, 25009);

    @Test
    void readsListeningSocketsOfBothTablesAndSkipsOtherStatesAndTheHeader() throws Exception {
        assertThat(HostListeners.parse(TCP)).containsExactly(
                new Listener(InetAddress.getByName("127.0.0.1"), 25000),
                new Listener(InetAddress.getByName("127.0.0.2"), 25001),
                new Listener(InetAddress.getByName("0.0.0.0"), 25002),
                new Listener(InetAddress.getByName("127.0.0.2"), 8080));
        assertThat(HostListeners.parse(TCP6)).containsExactly(
                new Listener(InetAddress.getByName("::"), 25004),
                new Listener(InetAddress.getByName("127.0.0.2"), 25005),
                new Listener(InetAddress.getByName("::1"), 25006));
    }

    @Test
    void anAgentSeesPortsOfItsRangeHeldOnItsAddressOrOnEveryAddress() throws Exception {
        List<Listener> all = new java.util.ArrayList<>(HostListeners.parse(TCP));
        all.addAll(HostListeners.parse(TCP6));

        assertThat(HostListeners.held(all, InetAddress.getByName("127.0.0.2"), RANGE))
                .isEqualTo(PortRanges.ports(25001, 25002, 25004, 25005));
        assertThat(HostListeners.held(all, InetAddress.getByName("127.0.0.1"), RANGE))
                .isEqualTo(PortRanges.ports(25000, 25002, 25004));
        assertThat(HostListeners.held(all, null, RANGE)).isEqualTo(PortRanges.ports(25002, 25004));
    }

    @Test
    void linesThatAreNotSocketsAreSkipped() {
        assertThat(HostListeners.parse("")).isEmpty();
        assertThat(HostListeners.parse("garbage\n 7: ZZZZ:0000 00000000:0000 0A\n 8: 0100007F 0A 0A")).isEmpty();
    }

    @Test
    void aSocketThisProcessListensOnIsSeenInTheKernelsTableAndGoneOnceClosed() throws Exception {
        InetAddress agent = InetAddress.getByName("127.0.0.7");
        HostListeners host = HostListeners.ofThisHost();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, agent)) {
            port = s.getLocalPort();
            assertThat(host.held(agent, PortRanges.ports(port)).list()).containsExactly(port);
            assertThat(host.held(InetAddress.getByName("127.0.0.8"), PortRanges.ports(port)).isEmpty()).isTrue();
        }
        assertThat(host.held(agent, PortRanges.ports(port)).isEmpty()).isTrue();
    }

    @Test
    void aSocketOnEveryAddressHoldsThePortForEveryAgent() throws Exception {
        HostListeners host = HostListeners.ofThisHost();
        try (ServerSocket s = new ServerSocket(0, 1)) {
            int port = s.getLocalPort();
            assertThat(host.held(InetAddress.getByName("127.0.0.7"), PortRanges.ports(port)).list())
                    .containsExactly(port);
            assertThat(host.held(null, PortRanges.ports(port)).list()).containsExactly(port);
        }
    }
}
