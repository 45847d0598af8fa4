package io.strata.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private final Clock clock = Clock.systemUTC();
    private final CertificateAuthority ca = CertificateAuthority.create(clock);

    @Test
    void aNodeCertificateFromARequestNamesTheHostAndVerifiesAgainstTheCa() throws Exception {
        KeyPair keys = CertificateAuthority.rsaKeyPair();
        X509Certificate cert = ca.issue(CertificateRequests.verifiedKey(CertificateRequests.create(keys)),
                List.of("10.0.0.7"), clock);
        cert.verify(ca.certificate().getPublicKey());
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .contains("10.0.0.7", "127.0.0.1", CertificateAuthority.NODE_NAME);
        ClusterTrust.trustManager(ca.certificate()).checkServerTrusted(new X509Certificate[]{cert, ca.certificate()}, "RSA");
    }

    @Test
    void aCertificateFromAnotherCaIsNotTrustedNorAcceptedByThePin() {
        CertificateAuthority other = CertificateAuthority.create(clock);
        X509Certificate foreign = other.issue(CertificateAuthority.rsaKeyPair().getPublic(), List.of("10.0.0.9"), clock);
        assertThatThrownBy(() -> ClusterTrust.trustManager(ca.certificate())
                .checkServerTrusted(new X509Certificate[]{foreign, other.certificate()}, "RSA"))
                .isInstanceOf(CertificateException.class);
        assertThat(ca.fingerprint()).hasSize(64).isNotEqualTo(other.fingerprint());
    }

    @Test
    void aTamperedRequestIsRefused() {
        String csr = CertificateRequests.create(CertificateAuthority.rsaKeyPair());
        assertThatThrownBy(() -> CertificateRequests.verifiedKey("not a csr")).hasMessageContaining("'csr'");
        String body = csr.split("\n")[3];
        String flipped = csr.replace(body, body.substring(0, 10) + (body.charAt(10) == 'A' ? 'B' : 'A') + body.substring(11));
        assertThatThrownBy(() -> CertificateRequests.verifiedKey(flipped)).hasMessageContaining("'csr'");
    }

    @Test
    void theCaSurvivesTheControlStoreRecordAndTheNodeKeyIsPrivate(@TempDir Path home) throws Exception {
        CertificateAuthority back = CertificateAuthority.fromJson(ca.toJson());
        assertThat(back.fingerprint()).isEqualTo(ca.fingerprint());
        assertThat(back.key()).isEqualTo(ca.key());

        KeyPair keys = CertificateAuthority.rsaKeyPair();
        TlsFiles files = new TlsFiles(home);
        assertThat(files.present()).isFalse();
        files.write(ca.certificate(), keys.getPrivate(), ca.issue(keys.getPublic(), List.of("10.0.0.7"), clock));
        assertThat(files.present()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.keyFile()))).isEqualTo("rw-------");
        assertThat(files.key()).isEqualTo(keys.getPrivate());
        assertThat(CertificateAuthority.fingerprint(files.ca())).isEqualTo(ca.fingerprint());
        assertThat(files.serverContext().getProtocol()).isEqualTo("TLS");
        assertThat(files.arteryConfig().getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");
    }

    @Test
    void aHostWithoutCertificateOrTokenCannotJoin(@TempDir Path home) {
        assertThatThrownBy(() -> NodeIdentity.establish(new TlsFiles(home), "10.0.0.7", List.of("10.0.0.5:25520"), false,
                false, null, clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give a join token with --token");
        assertThat(new TlsFiles(home).present()).isFalse();
    }

    @Test
    void aFirstMasterWithAnEmptyHomeDoesNotStartASecondClusterWhileAnotherSeedAnswers(@TempDir Path home) throws Exception {
        try (java.net.ServerSocket running = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<String> seeds = List.of("127.0.0.1:1", "127.0.0.1:" + running.getLocalPort());
            assertThatThrownBy(() -> NodeIdentity.establish(new TlsFiles(home.resolve("a")), "127.0.0.1", seeds, true,
                    true, null, clock)).hasMessageContaining("seed 127.0.0.1:" + running.getLocalPort()
                    + " answers, so the cluster exists");
        }
        NodeIdentity fresh = NodeIdentity.establish(new TlsFiles(home.resolve("b")), "127.0.0.1",
                List.of("127.0.0.1:1"), true, true, null, clock);
        assertThat(fresh.createdCa()).isPresent();
        assertThat(fresh.caFingerprint()).isEqualTo(fresh.createdCa().orElseThrow().fingerprint());
    }
}
