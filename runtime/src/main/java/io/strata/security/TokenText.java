package io.strata.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The printed form of a token, {@code stk_<id>_<secret>} (id: 12 hex digits; secret: 32 URL-safe
 * characters), and of the cluster's own credential, {@code stk_system_<secret>}.
 */
final class TokenText {

    static final String PREFIX = "stk_";
    static final String SYSTEM_ID = "system";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token split into its id and its secret. */
    record Parts(String id, String secret) {
        boolean system() {
            return SYSTEM_ID.equals(id);
        }
    }

    private TokenText() {
    }

    static Optional<Parts> parse(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = token.substring(PREFIX.length());
        String id;
        if (rest.startsWith(SYSTEM_ID + "_")) {
            id = SYSTEM_ID;
        } else if (rest.length() > 13 && rest.charAt(12) == '_' && ID.matcher(rest.substring(0, 12)).matches()) {
            id = rest.substring(0, 12);
        } else {
            return Optional.empty();
        }
        String secret = rest.substring(id.length() + 1);
        return SECRET.matcher(secret).matches() ? Optional.of(new Parts(id, secret)) : Optional.empty();
    }

    static String format(String id, String secret) {
        return PREFIX + id + "_" + secret;
    }

    static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String newSecret() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares in time independent of where the two differ. */
    static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
