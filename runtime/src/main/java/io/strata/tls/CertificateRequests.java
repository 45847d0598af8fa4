package io.strata.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** PKCS#10 requests: a joining host proves it holds the key the cluster CA certifies. */
public final class CertificateRequests {

    private CertificateRequests() {
    }

    /** A PEM request for {@code keys}, signed with its private key. */
    public static String create(KeyPair keys) {
        try {
            return Pem.encode("CERTIFICATE REQUEST", new JcaPKCS10CertificationRequestBuilder(
                    new X500Name("CN=" + CertificateAuthority.NODE_NAME + ",O=Strata"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())).getEncoded());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a certificate request: " + e.getMessage(), e);
        }
    }

    /** The public key of a PEM request whose signature holds; throws a plain reason otherwise. */
    public static PublicKey verifiedKey(String pem) {
        byte[] der;
        try {
            der = Pem.decode(pem, "CERTIFICATE REQUEST");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'csr' must be a PEM certificate request (-----BEGIN CERTIFICATE "
                    + "REQUEST-----)");
        }
        try {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(der);
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new IllegalArgumentException("'csr' is not signed by the key it names");
            }
            PublicKey key = csr.getPublicKey();
            if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("'csr' must be for an RSA key of at least 2048 bits");
            }
            return key;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("'csr' is not a PKCS#10 certificate request");
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("'csr' cannot be verified: " + e.getMessage());
        }
    }
}
