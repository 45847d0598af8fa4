package io.strata.spark.plugin;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * What the plug-in (and the driver's jar fetch) authenticate with: the token from Spark conf
 * {@code spark.strata.token}, else env {@code STRATA_TOKEN} (the dispatcher sets it for the drivers
 * it runs); for https, the cluster's CA certificate from {@code spark.strata.caFile}, else env
 * {@code STRATA_CA_FILE}. JDK only: the plug-in jar carries nothing of Strata's runtime.
 */
final class PluginCredentials {

    static final String TOKEN_CONF = "spark.strata.token";
    static final String CA_CONF = "spark.strata.caFile";

    private PluginCredentials() {
    }

    /** The token to send: the conf value when set, else STRATA_TOKEN; null for none. */
    static String token(String confValue) {
        return firstOf(confValue, System.getenv("STRATA_TOKEN"));
    }

    /** The CA file to trust: the conf value when set, else STRATA_CA_FILE; null for none (plain http). */
    static String caFile(String confValue) {
        return firstOf(confValue, System.getenv("STRATA_CA_FILE"));
    }

    /** An SSLContext trusting only the certificates in {@code pem}; null when {@code pem} is null. */
    static SSLContext ssl(String pem) {
        if (pem == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(Path.of(pem))) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Strata CA certificate " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the Strata CA certificate " + pem + " is not a PEM certificate: "
                    + e.getMessage(), e);
        }
    }

    private static String firstOf(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.strip();
        }
        return b != null && !b.isBlank() ? b.strip() : null;
    }
}
