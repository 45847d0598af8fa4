package io.strata.tls;

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
            CertificateAuthority ca = CertificateAuthority.create(clock);
            KeyPair keys = CertificateAuthority.rsaKeyPair();
            files.write(ca.certificate(), keys.getPrivate(), ca.issue(keys.getPublic(), List.of(host), clock));
            return new NodeIdentity(files, Optional.of(ca));
        }
        throw new IllegalArgumentException("this host has no certificate of the cluster yet (" + files.dir()
                + " is empty), so it cannot join: give a join token with --token (an admin makes one with "
                + "'strata token create --join')");
    }

    public String caFingerprint() {
        return CertificateAuthority.fingerprint(files.ca());
    }
}
