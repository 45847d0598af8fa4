package io.strata.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A token as the cluster keeps it (ControlStore namespace {@value TokenBook#NAMESPACE}, key = id):
 * everything but the secret, of which only the SHA-256 is kept.
 *
 * @param group     null = unscoped
 * @param expiresAt null = never
 * @param revokedAt null = not revoked
 */
public record IssuedToken(String id, String name, Role role, String group, Instant createdAt, Instant expiresAt,
                          Instant revokedAt, String secretSha256) {

    static final ObjectMapper MAPPER = new ObjectMapper();

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public Principal principal() {
        return new Principal(id, name, role, group);
    }

    IssuedToken revoke(Instant at) {
        return revoked() ? this : new IssuedToken(id, name, role, group, createdAt, expiresAt, at, secretSha256);
    }

    /** The API's view: id, name, role, group, createdAt, expiresAt, revoked (and revokedAt); never the hash. */
    public ObjectNode view() {
        ObjectNode n = MAPPER.createObjectNode().put("id", id).put("name", name).put("role", role.spelling());
        if (group == null) {
            n.putNull("group");
        } else {
            n.put("group", group);
        }
        n.put("createdAt", createdAt.toString());
        if (expiresAt == null) {
            n.putNull("expiresAt");
        } else {
            n.put("expiresAt", expiresAt.toString());
        }
        n.put("revoked", revoked());
        if (revoked()) {
            n.put("revokedAt", revokedAt.toString());
        }
        return n;
    }

    String json() {
        ObjectNode n = view();
        n.put("secretSha256", secretSha256);
        try {
            return MAPPER.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IssuedToken parse(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return new IssuedToken(n.path("id").asText(), n.path("name").asText(), Role.parse(n.path("role").asText()),
                    n.hasNonNull("group") ? n.get("group").asText() : null, Instant.parse(n.path("createdAt").asText()),
                    instant(n, "expiresAt"), instant(n, "revokedAt"), n.path("secretSha256").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant instant(JsonNode n, String field) {
        return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : null;
    }
}
