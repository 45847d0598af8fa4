package io.strata.cli;

import io.strata.cli.spi.CliFailure;
import io.strata.security.PemTrust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The CA certificate the CLI trusts for a cluster's https URLs: the one stored with
 * {@code strata cluster add --ca}, else {@code STRATA_CA_FILE}, else {@code <home>/tls/ca.crt} (a
 * master's own home); null (the JDK's default trust) when there is none.
 */
final class Trust {

    private Trust() {
    }

    static SSLContext forCluster(StrataCommand strata) {
        Path home = strata.home();
        Optional<Path> ca = strata.clusterName().flatMap(name -> KnownClusters.read(home).ca(name));
        String fromEnv = strata.env.get("STRATA_CA_FILE");
        if (ca.isEmpty() && fromEnv != null && !fromEnv.isBlank()) {
            ca = Optional.of(Path.of(fromEnv.strip()));
        }
        if (ca.isEmpty() && Files.exists(home.resolve("tls").resolve("ca.crt"))) {
            ca = Optional.of(home.resolve("tls").resolve("ca.crt"));
        }
        if (ca.isEmpty()) {
            return null;
        }
        try {
            return PemTrust.context(ca.get());
        } catch (IOException e) {
            throw CliFailure.failure("Cannot use the CA certificate " + ca.get() + " (" + e.getMessage() + ").");
        }
    }
}
