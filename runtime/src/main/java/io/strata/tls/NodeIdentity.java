package io.strata.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * How a node started by {@code strata master} or {@code strata agent} gets its TLS identity: the
 * one it kept in {@code <home>/tls/} (a restart needs no token), a new cluster CA when it is the
 * first master of a new cluster, or a certificate from the cluster through a join token.
 */
public record NodeIdentity(TlsFiles files, Optional<CertificateAuthority> createdCa) {

    public static NodeIdentity establish(TlsFiles files, String host, List<String> seeds, boolean master,
                                         boolean startsNewCluster, String joinToken, Clock clock) {
        if (files.present()) {
            return new NodeIdentity(files, Optional.empty());
        }
        if (joinToken != null && !joinToken.isBlank()) {
            Enrollment.enroll(files, joinToken, seeds, host);
            return new NodeIdentity(files, Optional.empty());
        }
        if (master && startsNewCluster) {
            // A first master whose home was lost must not start a second cluster beside the running one.
            for (String seed : seeds) {
                if (!seed.equals(seeds.get(0)) && answers(seed)) {
                    throw new IllegalArgumentException("this host has no certificate of the cluster yet (none in "
                            + files.dir() + ") and seed " + seed + " answers, so the cluster exists: give a join token "
                            + "with --token to join it (an admin makes one with 'strata token create --join')");
                }
            }
            CertificateAuthority ca = CertificateAuthority.create(clock);
            KeyPair keys = CertificateAuthority.rsaKeyPair();
            files.write(ca.certificate(), keys.getPrivate(), ca.issue(keys.getPublic(), List.of(host), clock));
            return new NodeIdentity(files, Optional.of(ca));
        }
        throw new IllegalArgumentException("this host has no certificate of the cluster yet (none in " + files.dir()
                + "), so it cannot join: give a join token with --token (an admin makes one with "
                + "'strata token create --join')");
    }

    private static boolean answers(String seed) {
        int colon = seed.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(seed.substring(0, colon), Integer.parseInt(seed.substring(colon + 1))),
                    1000);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public String caFingerprint() {
        return CertificateAuthority.fingerprint(files.ca());
    }
}
