package io.strata.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a host needs for a safe first contact with a cluster, in one string:
 * {@code stj.<id>.<secret>.<ca sha-256>.<api port>[-<api port>...]}. The secret proves the host
 * may join (the cluster keeps only its SHA-256); the CA fingerprint lets the host verify the
 * master's HTTPS certificate before it sends anything; the API ports say where to enroll, so the
 * cluster address of a master ({@code --join HOST:PORT}) is enough.
 */
public record JoinToken(String id, String secret, String caFingerprint, List<Integer> apiPorts) {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{32}");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final String EXAMPLE = "stj.<id>.<secret>.<ca fingerprint>.<api port>, as 'strata token create --join' "
            + "prints it";

    public JoinToken {
        apiPorts = List.copyOf(apiPorts);
    }

    public static JoinToken mint(SecureRandom random, String caFingerprint, List<Integer> apiPorts) {
        byte[] id = new byte[6];
        byte[] secret = new byte[24];
        random.nextBytes(id);
        random.nextBytes(secret);
        return new JoinToken(HexFormat.of().formatHex(id), Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                caFingerprint, apiPorts);
    }

    /** Reads a token as printed; the error says what part is wrong without echoing the secret. */
    public static JoinToken parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("\\.", -1);
        if (parts.length != 5 || !parts[0].equals("stj")) {
            throw new IllegalArgumentException("the join token is not in the form " + EXAMPLE);
        }
        if (!ID.matcher(parts[1]).matches() || !SECRET.matcher(parts[2]).matches()) {
            throw new IllegalArgumentException("the join token's id or secret is malformed; expected " + EXAMPLE);
        }
        if (!FINGERPRINT.matcher(parts[3]).matches()) {
            throw new IllegalArgumentException("the join token's CA fingerprint must be 64 hex digits (SHA-256)");
        }
        List<Integer> ports = new ArrayList<>();
        for (String p : parts[4].split("-")) {
            try {
                int port = Integer.parseInt(p);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                ports.add(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the join token's API port '" + p + "' is not a port (1-65535)");
            }
        }
        return new JoinToken(parts[1], parts[2], parts[3], ports);
    }

    public String format() {
        StringBuilder ports = new StringBuilder();
        for (int p : apiPorts) {
            ports.append(ports.length() == 0 ? "" : "-").append(p);
        }
        return "stj." + id + "." + secret + "." + caFingerprint + "." + ports;
    }

    /** SHA-256 of the secret, hex: the only form the cluster stores. */
    public String secretHash() {
        return sha256(secret);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "JoinToken[id=" + id + "]";
    }
}
