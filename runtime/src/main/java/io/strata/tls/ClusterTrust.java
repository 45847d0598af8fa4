package io.strata.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS contexts that trust a Strata cluster's CA: for in-cluster HTTPS callers (pipelines, artifact
 * copies, Spark drivers), the CLI and tests. A CA file is the {@code <home>/tls/ca.crt} every node has.
 */
public final class ClusterTrust {

    private ClusterTrust() {
    }

    /** A client context that trusts exactly the CA in {@code caFile} (PEM). */
    public static SSLContext sslContext(Path caFile) {
        return context(null, trustManager(readCertificate(caFile)));
    }

    /** The CA certificate in {@code caFile}; a missing or broken file is named in the error. */
    public static X509Certificate readCertificate(Path caFile) {
        try {
            return Pem.certificate(Files.readString(caFile, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster CA file " + caFile + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the cluster CA file " + caFile + " holds no PEM certificate: "
                    + e.getMessage());
        }
    }

    /** Trusts chains that end at {@code ca}. */
    public static X509TrustManager trustManager(X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("strata-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the cluster CA: " + e.getMessage(), e);
        }
    }

    /**
     * A client context for a first contact: trusts a server whose chain holds a certificate with
     * this SHA-256 {@code fingerprint} (the cluster CA a join token names) that verifies the chain.
     */
    public static SSLContext pinned(String fingerprint) {
        X509TrustManager pin = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("a pinned context verifies servers only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                for (X509Certificate c : chain) {
                    if (CertificateAuthority.fingerprint(c).equalsIgnoreCase(fingerprint)) {
                        trustManager(c).checkServerTrusted(chain, authType);
                        return;
                    }
                }
                throw new CertificateException("the server's certificate is not from the cluster CA the join token "
                        + "names (SHA-256 " + fingerprint + ")");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        return context(null, pin);
    }

    private static volatile Path installed;

    /**
     * The cluster CA this JVM trusts ({@link #installAsDefault}); empty on a node without TLS. An
     * agent gives it to its tasks as STRATA_CA_FILE, so a Spark driver reaches the HTTPS API.
     */
    public static java.util.Optional<Path> installedCaFile() {
        return java.util.Optional.ofNullable(installed);
    }

    /**
     * Makes the JVM's default TLS context trust the cluster CA besides the JDK's own CAs, so that the
     * node's HTTPS clients (pipelines, artifact copies) reach the other masters' APIs.
     */
    public static void installAsDefault(Path caFile) {
        installed = caFile.toAbsolutePath();
        X509TrustManager cluster = trustManager(readCertificate(caFile));
        X509TrustManager jdk = jdkTrustManager();
        X509TrustManager both = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    cluster.checkClientTrusted(chain, authType);
                } catch (CertificateException e) {
                    jdk.checkClientTrusted(chain, authType);
                }
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    cluster.checkServerTrusted(chain, authType);
                } catch (CertificateException e) {
                    jdk.checkServerTrusted(chain, authType);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                List<X509Certificate> all = new ArrayList<>(List.of(cluster.getAcceptedIssuers()));
                all.addAll(List.of(jdk.getAcceptedIssuers()));
                return all.toArray(X509Certificate[]::new);
            }
        };
        SSLContext.setDefault(context(null, both));
    }

    static SSLContext context(KeyManager[] keys, X509TrustManager trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, new TrustManager[]{trust}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509TrustManager jdkTrustManager() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
