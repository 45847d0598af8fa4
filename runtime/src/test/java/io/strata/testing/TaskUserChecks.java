package io.strata.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a server started by an agent running as root looks like: not root, and its data its own. */
public final class TaskUserChecks {

    private TaskUserChecks() {
    }

    /**
     * When the agents run as root: the process runs as a user other than root, and everything in
     * its volume belongs to that user; the volume itself is root's with a group of its own, mode 2770.
     * When they do not, tasks run as the test's own user and there is nothing to check.
     */
    public static void assertServerRunsAsTaskUser(long pid, Path volume) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        try {
            int uid = uid(Path.of("/proc/" + pid));
            assertThat(uid).as("uid of server pid %d", pid).isNotZero();
            assertThat(uid(volume)).as("owner of volume %s", volume).isZero();
            assertThat((Integer) Files.getAttribute(volume, "unix:mode") & 07777).as("mode of %s", volume)
                    .isEqualTo(02770);
            try (Stream<Path> walk = Files.walk(volume)) {
                List<Path> notTheServers = walk.filter(p -> !p.equals(volume)).filter(p -> uid(p) != uid).toList();
                assertThat(notTheServers).as("files in %s not owned by uid %d", volume, uid).isEmpty();
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read owners: " + e.getMessage(), e);
        }
    }

    private static int uid(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new AssertionError("cannot read the owner of " + p + ": " + e.getMessage(), e);
        }
    }
}
