package io.strata.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's certificate authority: a self-signed RSA root that issues every node's certificate.
 * Node certificates all carry the name {@value #NODE_NAME} (Pekko's TLS checks that peers share a
 * subject name) and the node's addresses, so that HTTPS clients can verify the API by address.
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey key) {

    public static final String NODE_NAME = "strata-node";
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration NODE_VALIDITY = Duration.ofDays(825);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    public static CertificateAuthority create(Clock clock) {
        KeyPair pair = rsaKeyPair();
        Instant now = clock.instant();
        X500Name name = new X500Name("CN=Strata cluster CA " + HexFormat.of().formatHex(randomBytes(4)) + ",O=Strata");
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the cluster CA: " + e.getMessage(), e);
        }
    }

    /** A node certificate for {@code key}, valid for {@code hosts} (IP addresses or DNS names) and loopback. */
    public X509Certificate issue(PublicKey key, List<String> hosts, Clock clock) {
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(NODE_VALIDITY)),
                    new X500Name("CN=" + NODE_NAME + ",O=Strata"), key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, alternativeNames(hosts))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            return sign(builder, this.key);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a node certificate: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of the CA certificate, lower-case hex: what join tokens pin. */
    public String fingerprint() {
        return fingerprint(certificate);
    }

    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record kept in the control store (namespace {@code cluster}, key {@code ca}). */
    public String toJson() {
        return JSON.createObjectNode().put("certificate", Pem.certificate(certificate))
                .put("key", Pem.privateKey(key)).toString();
    }

    public static CertificateAuthority fromJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new CertificateAuthority(Pem.certificate(n.path("certificate").asText()),
                    Pem.privateKey(n.path("key").asText()));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the stored cluster CA is not valid JSON: " + e.getMessage());
        }
    }

    static KeyPair rsaKeyPair() {
        try {
            // RSA: Pekko's PEM reader (RotatingKeysSSLEngineProvider) loads RSA keys only.
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048, RANDOM);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GeneralNames alternativeNames(List<String> hosts) {
        Set<String> all = new LinkedHashSet<>(hosts);
        all.add("127.0.0.1");
        all.add("localhost");
        all.add(NODE_NAME);
        List<GeneralName> names = new ArrayList<>();
        for (String host : all) {
            names.add(isIpLiteral(host) ? new GeneralName(GeneralName.iPAddress, host)
                    : new GeneralName(GeneralName.dNSName, host));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    static boolean isIpLiteral(String host) {
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return true;
        }
        if (host.indexOf(':') >= 0) {
            try {
                return InetAddress.getByName(host) != null;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(1, randomBytes(16));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
