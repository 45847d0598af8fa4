package io.strata.agent;

import io.strata.resources.PortRanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP ports programs on this host listen on, read from the kernel's socket tables
 * ({@code /proc/net/tcp} and {@code tcp6}, as {@code ss -ltn} does): a few kilobytes, cheap enough to
 * read every heartbeat. The tables show the sockets of the reader's network namespace, so an agent
 * in a namespace sees its own host's.
 */
public final class HostListeners {

    /** A socket in LISTEN state: its local address and port. */
    public record Listener(InetAddress address, int port) {

        /** Whether it takes connections to {@code host}: bound to that address or to every address. */
        boolean holds(InetAddress host) {
            if (address.isAnyLocalAddress()) {
                return true;
            }
            return address.equals(host);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(HostListeners.class);
    /** The kernel's code for TCP_LISTEN in the "st" column. */
    private static final String LISTEN = "0A";

    private final List<Path> tables;
    private boolean warned;

    public HostListeners(Path procNet) {
        this.tables = List.of(procNet.resolve("tcp"), procNet.resolve("tcp6"));
    }

    /** The kernel's tables of this process's network namespace. */
    public static HostListeners ofThisHost() {
        return new HostListeners(Path.of("/proc/net"));
    }

    /**
     * The ports of {@code range} that a listening socket on {@code host} (or on every address) holds.
     * Empty, with one warning in the log, where the tables cannot be read (not Linux).
     */
    public PortRanges held(InetAddress host, PortRanges range) {
        List<Listener> all = new ArrayList<>();
        for (Path table : tables) {
            try {
                all.addAll(parse(Files.readString(table)));
            } catch (NoSuchFileException e) {
                // No IPv6 on this host, or no /proc at all: nothing listens there that we could see.
            } catch (IOException e) {
                if (!warned) {
                    warned = true;
                    LOG.warn("cannot read listening sockets file={} reason=\"{}\"; ports held by other programs "
                            + "are not left out of offers", table, e.getMessage());
                }
            }
        }
        return held(all, host, range);
    }

    /** The ports of {@code range} that one of {@code listeners} holds for {@code host}. */
    static PortRanges held(List<Listener> listeners, InetAddress host, PortRanges range) {
        List<Integer> ports = new ArrayList<>();
        for (Listener l : listeners) {
            if (range.contains(l.port()) && l.holds(host)) {
                ports.add(l.port());
            }
        }
        return PortRanges.ports(ports.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The listening sockets in one table's text, IPv4 ({@code tcp}) or IPv6 ({@code tcp6}); lines
     * that do not parse are skipped. An IPv4-mapped IPv6 address comes back as its IPv4 address.
     */
    static List<Listener> parse(String table) {
        List<Listener> out = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":") || !LISTEN.equals(f[3])) {
                continue;
            }
            int colon = f[1].indexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                InetAddress address = InetAddress.getByAddress(addressBytes(f[1].substring(0, colon)));
                out.add(new Listener(address, Integer.parseInt(f[1].substring(colon + 1), 16)));
            } catch (NumberFormatException | UnknownHostException e) {
                // not a socket line we understand
            }
        }
        return out;
    }

    /**
     * The kernel prints an address as 32-bit words in the host's byte order (one word for IPv4,
     * four for IPv6), each as 8 hex digits; the bytes in network order come from reading each word
     * back in that order.
     */
    private static byte[] addressBytes(String hex) {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new NumberFormatException("address of " + hex.length() + " hex digits");
        }
        byte[] bytes = new byte[hex.length() / 2];
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int printed = word * 8 + i * 2;
                int b = Integer.parseInt(hex.substring(printed, printed + 2), 16);
                bytes[word * 4 + (little ? 3 - i : i)] = (byte) b;
            }
        }
        return bytes;
    }
}
