package io.strata.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * N hosts made of Linux network namespaces: one bridge in the root namespace, a veth pair per host
 * (the peer moved into the host's namespace), one address per host on a private /24 that nothing
 * else on the machine uses, {@code lo} up. There is no route out: traffic stays between the hosts,
 * and the root namespace reaches them over the bridge.
 *
 * <p>{@link #close()} kills every process in every namespace and removes namespaces, veths and the
 * bridge; it also runs at JVM shutdown. A run that was killed outright leaves its devices behind;
 * the next {@link #create} removes those whose test JVM is gone. Needs root and iproute2; without
 * them {@link #create} throws with the reason (a test then fails, it never skips).
 *
 * <p>Names: {@code st<pid>-<n>} for the n-th group of hosts of test JVM pid, {@code ...b} for its
 * bridge, {@code ...h<i>} for host i's namespace, {@code ...v<i>}/{@code ...p<i>} for its veth ends
 * (Linux allows interface names of 15 characters).
 */
public final class Hosts implements AutoCloseable {

    private static final Pattern OURS = Pattern.compile("^st(\\d+)-(\\d+)[bhvp]\\d*$");
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private final String prefix;
    private final String bridge;
    private final String subnet;
    private final List<Host> hosts = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "hosts-cleanup");
    private boolean closed;

    private Hosts(String prefix, String subnet) {
        this.prefix = prefix;
        this.bridge = prefix + "b";
        this.subnet = subnet;
    }

    /** Makes {@code count} hosts with their state folders under {@code dir} (emptied first). */
    public static Hosts create(int count, Path dir) {
        if (count < 1 || count > 99) {
            throw new IllegalArgumentException("count must be 1..99, was " + count);
        }
        checkCanMakeNamespaces();
        removeLeftovers();
        Hosts hosts = new Hosts("st" + ProcessHandle.current().pid() + "-" + GROUPS.incrementAndGet(), freeSubnet());
        Runtime.getRuntime().addShutdownHook(hosts.shutdownHook);
        try {
            deleteRecursively(dir);
            hosts.build(count, dir);
            return hosts;
        } catch (RuntimeException e) {
            hosts.closeQuietly();
            throw new IllegalStateException("cannot make " + count + " namespace hosts: " + e.getMessage(), e);
        }
    }

    private void build(int count, Path dir) {
        Ip.run("link", "add", bridge, "type", "bridge");
        Ip.run("addr", "add", bridgeAddress() + "/24", "dev", bridge);
        Ip.run("link", "set", bridge, "up");
        for (int i = 0; i < count; i++) {
            String ns = prefix + "h" + i;
            String veth = prefix + "v" + i;
            String peer = prefix + "p" + i;
            String address = subnet + "." + (11 + i);
            Ip.run("netns", "add", ns);
            hosts.add(new Host("h" + i, ns, veth, address, dir.resolve("h" + i)));
            Ip.run("link", "add", veth, "type", "veth", "peer", "name", peer);
            Ip.run("link", "set", veth, "master", bridge);
            Ip.run("link", "set", veth, "up");
            Ip.run("link", "set", peer, "netns", ns);
            Ip.run("-n", ns, "link", "set", "lo", "up");
            Ip.run("-n", ns, "addr", "add", address + "/24", "dev", peer);
            Ip.run("-n", ns, "link", "set", peer, "up");
            try {
                Files.createDirectories(dir.resolve("h" + i).resolve("home"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Host get(int i) {
        return hosts.get(i);
    }

    public List<Host> all() {
        return List.copyOf(hosts);
    }

    public int size() {
        return hosts.size();
    }

    /** The bridge's address in the root namespace (the tests' JVM reaches the hosts from it). */
    public String bridgeAddress() {
        return subnet + ".1";
    }

    public String bridge() {
        return bridge;
    }

    /** The namespaces and links of this group that still exist (none once closed). */
    public List<String> leftovers() {
        List<String> left = new ArrayList<>();
        for (String name : namespaces()) {
            if (name.startsWith(prefix + "h")) {
                left.add("namespace " + name);
            }
        }
        for (String name : links()) {
            if (name.startsWith(prefix) && name.length() > prefix.length()
                    && "bvp".indexOf(name.charAt(prefix.length())) >= 0) {
                left.add("link " + name);
            }
        }
        return left;
    }

    /** Every process of every host killed; namespaces, veths and the bridge removed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> problems = new ArrayList<>();
        for (Host host : hosts) {
            attempt(problems, host::kill);
            attempt(problems, () -> Ip.run("netns", "del", host.namespace()));
        }
        for (int i = 0; i < hosts.size(); i++) {
            deleteLink(problems, prefix + "v" + i);
        }
        deleteLink(problems, bridge);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // this is the hook
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cleaning up hosts " + prefix + ": " + String.join("; ", problems));
        }
    }

    /** Deleting a namespace removes its veth pair a moment later, so a link may vanish while this runs. */
    private static void deleteLink(List<String> problems, String name) {
        Ip.Result result = Ip.tryRun("link", "del", name);
        if (result.exitCode() != 0 && links().contains(name)) {
            problems.add("'ip link del " + name + "' failed: " + result.stderr().strip());
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("hosts: " + e.getMessage());
        }
    }

    private static void attempt(List<String> problems, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
    }

    private static void checkCanMakeNamespaces() {
        Ip.Result version = Ip.tryRun("-V");
        if (version.exitCode() != 0) {
            throw new IllegalStateException("'ip -V' failed: " + version.stderr().strip());
        }
        String probe = "st" + ProcessHandle.current().pid() + "-0h0";
        Ip.Result add = Ip.tryRun("netns", "add", probe);
        if (add.exitCode() != 0) {
            throw new IllegalStateException("cannot make network namespaces ('ip netns add' failed: "
                    + add.stderr().strip() + "); the host harness needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN)");
        }
        Ip.run("netns", "del", probe);
    }

    /** Removes namespaces and links that a test JVM which no longer runs left behind. */
    private static void removeLeftovers() {
        for (String ns : namespaces()) {
            if (orphaned(ns)) {
                Ip.run("netns", "pids", ns).lines().map(String::strip).filter(s -> !s.isEmpty())
                        .forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
                Ip.tryRun("netns", "del", ns);
            }
        }
        for (String link : links()) {
            if (orphaned(link)) {
                Ip.tryRun("link", "del", link);
            }
        }
    }

    private static boolean orphaned(String name) {
        Matcher m = OURS.matcher(name);
        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
    }

    /** A 10.251.N.0/24 that no address or route of the root namespace is in. */
    private static String freeSubnet() {
        String used = Ip.run("-o", "-4", "addr", "show") + Ip.run("-4", "route", "show");
        int start = (int) (ProcessHandle.current().pid() % 240) + 10;
        for (int k = 0; k < 245; k++) {
            String candidate = "10.251." + ((start + k) % 245 + 10);
            if (!used.contains(candidate + ".")) {
                return candidate;
            }
        }
        throw new IllegalStateException("every 10.251.N.0/24 is in use on this machine");
    }

    private static List<String> namespaces() {
        return Ip.run("netns", "list").lines().map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.split("\\s+")[0]).toList();
    }

    private static List<String> links() {
        // "7: st123-1v0@if6: <BROADCAST,...": the name ends at '@' (veths) or ':'
        return Ip.run("-o", "link", "show").lines().map(line -> line.split(":\\s+", 3))
                .filter(parts -> parts.length >= 2).map(parts -> parts[1].split("@")[0]).toList();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir, e);
        }
    }
}
