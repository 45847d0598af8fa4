package io.strata.pipelines.sources.http;

import io.strata.pipelines.sources.Flags;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HttpIngest's command line (see OPTIONS.md beside this file). Parsing is pure: the token is
 * looked up through {@code env}, so a test passes a map.
 *
 * @param tokenEnv the variable named by {@code --token-env}, or null
 * @param token    its value, or null when no token is asked for
 * @param keyField the field giving the Kafka key, or null for no key
 */
record IngestOptions(String bootstrap, String topic, String host, int port, String path, int maxBodyBytes,
                     int maxEvents, List<String> required, String keyField, String tokenEnv, String token,
                     int ackTimeoutMs, int threads) {

    static final String USAGE = "--bootstrap HOST:PORT[,..] --topic T [--port N] [--host ADDR] [--path /P] "
            + "[--max-body-bytes N] [--max-events N] [--required F1,F2] [--key-field F] [--token-env VAR] "
            + "[--ack-timeout-ms N] [--threads N]";
    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("bootstrap", null);
        d.put("topic", null);
        d.put("port", "8080");
        d.put("host", "0.0.0.0");
        d.put("path", "/events");
        d.put("max-body-bytes", "1048576");
        d.put("max-events", "10000");
        d.put("required", "");
        d.put("key-field", null);
        d.put("token-env", null);
        d.put("ack-timeout-ms", "10000");
        d.put("threads", "16");
        return d;
    }

    /** @throws IllegalArgumentException with a one-line reason naming the flag and what is valid */
    static IngestOptions parse(String[] args, Map<String, String> env) {
        Flags f = Flags.parse(args, DEFAULTS.keySet());
        String bootstrap = f.required("bootstrap");
        String topic = f.required("topic");
        String path = text(f, "path");
        if (!path.startsWith("/") || path.equals("/health") || path.contains(" ")) {
            throw new IllegalArgumentException("--path: '" + path + "' must start with / and not be /health");
        }
        List<String> required = Arrays.stream(text(f, "required").split(",")).map(String::trim)
                .filter(field -> !field.isEmpty()).toList();
        String tokenEnv = text(f, "token-env");
        String token = null;
        if (tokenEnv != null) {
            token = Optional.ofNullable(env.get(tokenEnv)).filter(t -> !t.isBlank()).orElseThrow(() ->
                    new IllegalArgumentException("--token-env: environment variable '" + tokenEnv + "' is not set or empty"));
        }
        String keyField = text(f, "key-field");
        if (keyField != null && keyField.isBlank()) {
            throw new IllegalArgumentException("--key-field: give a field name");
        }
        return new IngestOptions(bootstrap, topic, text(f, "host"), number(f, "port", 0, 65_535), path,
                number(f, "max-body-bytes", 1, 64 << 20), number(f, "max-events", 1, 1_000_000), required, keyField,
                tokenEnv, token, number(f, "ack-timeout-ms", 1_000, 300_000), number(f, "threads", 1, 512));
    }

    private static String text(Flags f, String name) {
        return f.text(name, DEFAULTS.get(name));
    }

    private static int number(Flags f, String name, int min, int max) {
        return (int) f.number(name, Long.parseLong(DEFAULTS.get(name)), min, max);
    }
}
