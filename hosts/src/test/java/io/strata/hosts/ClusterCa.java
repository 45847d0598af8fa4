package io.strata.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The CA a cluster's first master made ({@code <home>/tls/ca.crt}), as the tests' clients trust it:
 * an SSL context for this JVM and a PKCS#12 trust store for the CLI's JVM on the hosts.
 */
public record ClusterCa(Path file, X509Certificate certificate) {

    static final String TRUST_STORE_PASSWORD = "strata-tests";

    public static ClusterCa read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new ClusterCa(file, (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster CA " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the cluster CA " + file + " is not a certificate: " + e.getMessage(), e);
        }
    }

    /** A client context that trusts this CA only. */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(keyStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * JVM options that make a PKCS#12 trust store with this CA the JVM's default; writes it to
     * {@code file} unless it is there.
     */
    public synchronized String trustStore(Path file) {
        if (!Files.exists(file)) {
            write(file);
        }
        return "-Djavax.net.ssl.trustStore=" + file + " -Djavax.net.ssl.trustStoreType=PKCS12"
                + " -Djavax.net.ssl.trustStorePassword=" + TRUST_STORE_PASSWORD;
    }

    private void write(Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            keyStore().store(out, TRUST_STORE_PASSWORD.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("strata-ca", certificate);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
