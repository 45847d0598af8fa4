package io.strata.tls;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A node's TLS identity on disk, {@code <home>/tls/}: {@code ca.crt} (the cluster CA),
 * {@code node.key} (0600) and {@code node.crt} (issued by the CA). Pekko's TLS transport reads the
 * files; the HTTPS API gets a context made from them.
 */
public final class TlsFiles {

    private final Path dir;

    public TlsFiles(Path home) {
        this.dir = home.resolve("tls");
    }

    public Path dir() {
        return dir;
    }

    public Path caFile() {
        return dir.resolve("ca.crt");
    }

    public Path keyFile() {
        return dir.resolve("node.key");
    }

    public Path certFile() {
        return dir.resolve("node.crt");
    }

    /** True when this home holds a complete identity (a node that joined before needs no token). */
    public boolean present() {
        return Files.isRegularFile(caFile()) && Files.isRegularFile(keyFile()) && Files.isRegularFile(certFile());
    }

    /** Writes the three files, the key readable by its owner only; each file replaced whole. */
    public void write(X509Certificate ca, PrivateKey key, X509Certificate cert) {
        try {
            Files.createDirectories(dir);
            writeFile(keyFile(), Pem.privateKey(key), "rw-------");
            writeFile(certFile(), Pem.certificate(cert), "rw-r--r--");
            writeFile(caFile(), Pem.certificate(ca), "rw-r--r--");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the node's TLS files in " + dir + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate ca() {
        return ClusterTrust.readCertificate(caFile());
    }

    public X509Certificate certificate() {
        return ClusterTrust.readCertificate(certFile());
    }

    public PrivateKey key() {
        try {
            return Pem.privateKey(Files.readString(keyFile(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + keyFile() + ": " + e.getMessage(), e);
        }
    }

    /** Pekko remoting over TLS with mutual authentication, from these files. */
    public Config arteryConfig() {
        String engine = "pekko.remote.artery.ssl.rotating-keys-engine.";
        return ConfigFactory.parseMap(Map.of(
                "pekko.remote.artery.transport", "tls-tcp",
                "pekko.remote.artery.ssl.ssl-engine-provider",
                "org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider",
                engine + "key-file", keyFile().toAbsolutePath().toString(),
                engine + "cert-file", certFile().toAbsolutePath().toString(),
                engine + "ca-cert-file", caFile().toAbsolutePath().toString()));
    }

    /** The server context of the node's HTTPS API: its certificate, sent with the CA's. */
    public SSLContext serverContext() {
        try {
            char[] password = "strata".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("node", key(), password, new X509Certificate[]{certificate(), ca()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            return ClusterTrust.context(kmf.getKeyManagers(), ClusterTrust.trustManager(ca()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the node's TLS key and certificate from " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private static void writeFile(Path file, String text, String mode) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
