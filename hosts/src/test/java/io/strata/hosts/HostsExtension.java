package io.strata.hosts;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fresh namespace hosts for each test, removed after it whatever happened:
 * <pre>
 * &#64;RegisterExtension
 * final HostsExtension hosts = HostsExtension.of(6);
 * ...
 * hosts.strata().master(hosts.get(0), hosts.range(0, 3));
 * </pre>
 * When the test fails, the last lines of every process's output are printed (the full logs stay in
 * target/hosts/CLASS.METHOD/hN/logs/). A test that cannot get its hosts fails; it never skips.
 */
public final class HostsExtension implements BeforeEachCallback, AfterEachCallback {

    private static final int TAIL_LINES = 60;

    private final int count;
    private Hosts hosts;
    private Strata strata;

    private HostsExtension(int count) {
        this.count = count;
    }

    public static HostsExtension of(int count) {
        return new HostsExtension(count);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Path dir = Path.of(System.getProperty("strata.hosts.dir", "target/hosts"))
                .resolve(context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName());
        hosts = Hosts.create(count, dir.toAbsolutePath());
        strata = null;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (hosts == null) {
            return;
        }
        try {
            if (context.getExecutionException().isPresent()) {
                System.out.println("=== " + context.getDisplayName() + " failed; what its processes printed:");
                hosts.all().forEach(h -> System.out.print(h.logTails(TAIL_LINES)));
            }
            hosts.close();
            List<String> left = hosts.leftovers();
            if (!left.isEmpty()) {
                throw new AssertionError("left behind after the test: " + left);
            }
        } finally {
            hosts = null;
        }
    }

    public Hosts hosts() {
        return hosts;
    }

    public Host get(int i) {
        return hosts.get(i);
    }

    /** Hosts from (inclusive) to (exclusive). */
    public List<Host> range(int from, int to) {
        return hosts.all().subList(from, to);
    }

    /** Strata from the release tarball on these hosts (unpacked on first use). */
    public Strata strata() {
        if (strata == null) {
            strata = new Strata(Release.get());
        }
        return strata;
    }
}
