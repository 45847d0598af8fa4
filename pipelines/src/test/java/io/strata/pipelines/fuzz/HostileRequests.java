package io.strata.pipelines.fuzz;

import io.strata.pipelines.fuzz.BodyFields.BodyEndpoint;
import io.strata.pipelines.fuzz.BodyFields.Field;
import io.strata.pipelines.fuzz.BodyFields.Type;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generated malformed, oversized and mistyped requests to every endpoint of the API (core,
 * artifacts, Kafka, Cassandra, Spark, pipelines, apps, the dashboard's JSON routes). Each request carries at least one defect that the
 * API must refuse before it acts, so nothing the cluster holds can change, however the dice fall:
 * a body with an unknown field, a value of the wrong type, broken JSON, something that is no object,
 * deep nesting, more than the size limit, a duplicate key; a hostile path parameter; a method the
 * path does not have; query parameters that are no numbers. The things the cluster holds appear
 * only in reads and beside a defective body; everything that acts on a name gets a name that
 * holds nothing.
 */
final class HostileRequests {

    /** One request: over HTTP ({@code raw} null) or as raw bytes. */
    record Probe(String method, String path, byte[] body, String contentType, Raw raw) {
        String label() {
            return raw != null ? "RAW " + raw.head().lines().findFirst().orElse("").replaceAll("[^\\x20-\\x7e]", "?")
                    : method + " " + (path.length() > 120 ? path.substring(0, 120) + "..." : path)
                    + (body == null ? "" : " body[" + body.length + "]: " + preview(body));
        }
    }

    /** A request written by hand: request line and headers ({@code \r\n} after each), then the body. */
    record Raw(String head, byte[] body) {
    }

    /** What the cluster holds; names that must never be acted on. */
    record Held(String taskId, String kafka, String sha256) {
    }

    private static final int LIMIT = 1 << 20;

    private static final List<String> HOSTILE_NAMES = List.of("..", ".", "%2e%2e", "%2E%2E", "..%2F..%2Fetc%2Fpasswd",
            "%2Fetc%2Fpasswd", "a%00b", "%00", "%2F", "a%5Cb", "..%5C..%5Cwindows", "%0d%0aX-Injected:%201",
            "%09tab", "%E2%80%AE", "%C3%BC%C3%B1%C3%AF", "~root", "%24(id)", "a%20b", "-rf", "%25", "%7B%7D",
            "x".repeat(300), "%FF%FE", "%C0%AE%C0%AE", "NUL", "con");

    private final Random random;
    private final Held held;
    private final List<BodyEndpoint> bodies;
    private final List<String[]> reads;

    HostileRequests(Random random, Held held) {
        this.random = random;
        this.held = held;
        this.bodies = new ArrayList<>(bodyEndpoints());
        this.bodies.addAll(AppsAndDashboard.bodies());
        this.reads = new ArrayList<>(readEndpoints());
        this.reads.addAll(AppsAndDashboard.reads());
    }

    private List<BodyEndpoint> bodyEndpoints() {
        List<Field> service = List.of(new Field("name", "\"fz-svc\"", Type.TEXT), new Field("dryRun", "true", Type.BOOL),
                new Field("group", "\"default\"", Type.TEXT));
        List<Field> kafka = new ArrayList<>(service);
        kafka.addAll(List.of(new Field("brokers", "1", Type.WHOLE_OR_TEXT), new Field("brokerCpus", "0.5", Type.NUMBER),
                new Field("brokerMem", "512", Type.WHOLE_OR_TEXT), new Field("brokerDisk", "256", Type.WHOLE_OR_TEXT)));
        List<Field> cassandra = new ArrayList<>(service);
        cassandra.addAll(List.of(new Field("nodes", "1", Type.WHOLE_OR_TEXT), new Field("nodeCpus", "0.5", Type.NUMBER),
                new Field("nodeMem", "1024", Type.WHOLE_OR_TEXT), new Field("nodeDisk", "256", Type.WHOLE_OR_TEXT)));
        List<Field> task = List.of(new Field("name", "\"fz\"", Type.TEXT), new Field("cpus", "0.1", Type.NUMBER),
                new Field("memMb", "32", Type.WHOLE), new Field("diskMb", "0", Type.WHOLE),
                new Field("env", "{\"A\":\"1\"}", Type.MAP), new Field("command", "[\"true\"]", Type.TEXTS),
                new Field("group", "\"default\"", Type.TEXT), new Field("user", "\"nobody\"", Type.TEXT));
        List<Field> app = List.of(new Field("name", "\"fz\"", Type.TEXT),
                new Field("driverUrl", "\"spark://CoarseGrainedScheduler@127.0.0.1:1\"", Type.TEXT),
                new Field("executorCores", "1", Type.WHOLE), new Field("executorCpus", "0.5", Type.NUMBER),
                new Field("executorHeapMb", "256", Type.WHOLE), new Field("executorOverheadMb", "384", Type.WHOLE),
                new Field("javaOptions", "[]", Type.TEXTS), new Field("classPath", "[]", Type.TEXTS),
                new Field("env", "{}", Type.MAP), new Field("target", "0", Type.WHOLE),
                new Field("registered", "[]", Type.TEXTS));
        List<Field> submission = List.of(new Field("name", "\"fz\"", Type.TEXT), new Field("mainClass", "\"a.B\"", Type.TEXT),
                new Field("jarSha256", "\"" + held.sha256() + "\"", Type.TEXT), new Field("jarName", "\"a.jar\"", Type.TEXT),
                new Field("driverMemMb", "512", Type.WHOLE), new Field("driverCpus", "0.5", Type.NUMBER),
                new Field("checkpointVolume", "{\"name\":\"fz\",\"sizeMb\":64}", Type.OBJECT),
                new Field("args", "[]", Type.TEXTS), new Field("conf", "{}", Type.MAP), new Field("group", "\"default\"", Type.TEXT));
        List<Field> pipeline = List.of(new Field("spec", "{\"name\":\"fz\"}", Type.OBJECT),
                new Field("jars", "{}", Type.MAP), new Field("dryRun", "true", Type.BOOL),
                new Field("group", "\"default\"", Type.TEXT));
        List<Field> topic = List.of(new Field("topic", "\"fz\"", Type.TEXT), new Field("partitions", "1", Type.WHOLE),
                new Field("replication", "1", Type.WHOLE));
        List<Field> cql = List.of(new Field("statement", "\"SELECT now() FROM system.local\"", Type.TEXT),
                new Field("statements", "[{\"text\":\"SELECT 1\",\"line\":1}]", Type.OBJECTS),
                new Field("consistency", "\"ONE\"", Type.TEXT));
        List<Field> token = List.of(new Field("name", "\"fz\"", Type.TEXT), new Field("role", "\"viewer\"", Type.TEXT),
                new Field("group", "\"default\"", Type.TEXT), new Field("ttl", "\"1h\"", Type.TEXT));
        List<Field> group = List.of(new Field("name", "\"fz\"", Type.TEXT), new Field("weight", "1", Type.NUMBER),
                new Field("guarantee", "{\"cpus\":1}", Type.OBJECT), new Field("limit", "{\"cpus\":2}", Type.OBJECT),
                new Field("users", "[]", Type.TEXTS));
        List<Field> quota = List.of(new Field("weight", "1", Type.NUMBER),
                new Field("guarantee", "{\"cpus\":1}", Type.OBJECT), new Field("limit", "{\"cpus\":2}", Type.OBJECT));
        List<Field> join = List.of(new Field("token", "\"stj.x\"", Type.TEXT), new Field("csr", "\"x\"", Type.TEXT),
                new Field("host", "\"10.0.0.7\"", Type.TEXT));
        List<Field> scaleKafka = List.of(new Field("brokers", "2", Type.WHOLE));
        List<Field> scaleCassandra = List.of(new Field("nodes", "2", Type.WHOLE));
        return List.of(
                new BodyEndpoint("POST", n -> "/api/v1/tasks", task),
                new BodyEndpoint("POST", n -> "/api/v1/kafka", kafka),
                new BodyEndpoint("POST", n -> "/api/v1/cassandra", cassandra),
                new BodyEndpoint("POST", n -> "/api/v1/kafka/" + n + "/scale", scaleKafka),
                new BodyEndpoint("POST", n -> "/api/v1/kafka/" + held.kafka() + "/scale", scaleKafka),
                new BodyEndpoint("POST", n -> "/api/v1/cassandra/" + n + "/scale", scaleCassandra),
                new BodyEndpoint("POST", n -> "/api/v1/kafka/" + n + "/topics", topic),
                new BodyEndpoint("POST", n -> "/api/v1/kafka/" + held.kafka() + "/topics", topic),
                new BodyEndpoint("POST", n -> "/api/v1/cassandra/" + n + "/cql", cql),
                new BodyEndpoint("PUT", n -> "/api/v1/spark/apps/" + n, app),
                new BodyEndpoint("POST", n -> "/api/v1/spark/apps/" + n + "/kill", List.of(new Field("executors", "[]", Type.TEXTS))),
                new BodyEndpoint("POST", n -> "/api/v1/spark/submissions", submission),
                new BodyEndpoint("POST", n -> "/api/v1/pipelines", pipeline),
                new BodyEndpoint("POST", n -> "/api/v1/pipelines/" + n + "/stop", List.of(new Field("keepData", "true", Type.BOOL))),
                new BodyEndpoint("POST", n -> "/api/v1/tokens", token),
                new BodyEndpoint("POST", n -> "/api/v1/groups", group),
                new BodyEndpoint("PUT", n -> "/api/v1/groups/" + n + "/quota", quota),
                new BodyEndpoint("PUT", n -> "/api/v1/groups/default/quota", quota),
                new BodyEndpoint("POST", n -> "/api/v1/join-tokens", List.of(new Field("ttl", "\"1h\"", Type.TEXT))),
                new BodyEndpoint("POST", n -> "/api/v1/join", join));
    }

    /** Reads (and methods a path does not have): method list the path has, then the path. */
    private List<String[]> readEndpoints() {
        return List.of(
                new String[]{"GET", "/api/v1/state"}, new String[]{"GET", "/api/v1/agents"},
                new String[]{"GET", "/api/v1/frameworks"}, new String[]{"GET,POST", "/api/v1/tasks"},
                new String[]{"GET", "/metrics"}, new String[]{"GET", "/health"},
                new String[]{"GET,DELETE", "/api/v1/tasks/{held-task}"},
                new String[]{"GET", "/api/v1/tasks/{held-task}/logs"},
                new String[]{"GET,PUT", "/api/v1/artifacts/{held-sha}"}, new String[]{"POST", "/api/v1/artifacts"},
                new String[]{"GET,POST", "/api/v1/kafka"}, new String[]{"GET,DELETE", "/api/v1/kafka/{held-kafka}"},
                new String[]{"GET,POST", "/api/v1/kafka/{held-kafka}/topics"},
                new String[]{"POST", "/api/v1/kafka/{held-kafka}/restart"},
                new String[]{"GET,POST", "/api/v1/cassandra"}, new String[]{"GET", "/api/v1/spark/apps"},
                new String[]{"GET,POST", "/api/v1/spark/submissions"}, new String[]{"GET,POST", "/api/v1/pipelines"},
                new String[]{"GET,POST", "/api/v1/tokens"}, new String[]{"GET", "/api/v1/whoami"},
                new String[]{"GET,POST", "/api/v1/groups"}, new String[]{"GET,POST", "/api/v1/join-tokens"});
    }

    Probe next() {
        int dice = random.nextInt(100);
        if (dice < 50) {
            return defectiveBody();
        }
        if (dice < 68) {
            return hostilePathParameter();
        }
        if (dice < 78) {
            return wrongMethod();
        }
        if (dice < 88) {
            return badQuery();
        }
        if (dice < 94) {
            return strangePath();
        }
        return raw();
    }

    // ---- bodies -------------------------------------------------------------------------------

    private Probe defectiveBody() {
        BodyEndpoint e = pick(bodies);
        String path = e.path().apply(freeName());
        int defect = random.nextInt(100);
        byte[] body;
        if (defect < 30) {
            body = utf8(object(e.fields(), unknownField(e.fields()), null, null));
        } else if (defect < 60) {
            List<Field> typed = e.fields();
            Field f = pick(typed);
            body = utf8(object(typed, null, f.name(), pick(f.wrong())));
        } else if (defect < 72) {
            String json = object(e.fields(), null, null, null);
            body = utf8(e.yaml() ? AppsAndDashboard.notYaml(random, json) : malformed(json));
        } else if (defect < 80) {
            body = utf8(pick(List.of("[]", "[{}]", "\"x\"", "42", "null", "true", "{\"a\"}", "[1,2,3]", "\"\\u0000\"")));
        } else if (defect < 86) {
            body = utf8(deep(random.nextInt(3) == 0 ? 20_000 : 40 + random.nextInt(200)));
        } else if (defect < 89) {
            body = oversized(e.fields());
        } else if (defect < 94) {
            Field f = pick(e.fields());
            String json = object(e.fields(), null, null, null);
            String twice = "\"" + f.name() + "\":" + f.valid() + ",";
            body = utf8("{" + twice + twice + json.substring(1));
        } else {
            body = nonUtf8(object(e.fields(), unknownField(e.fields()), null, null));
        }
        String type = random.nextInt(6) == 0 ? pick(List.of("text/plain", "application/xml", "application/octet-stream",
                "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1", "application/x-www-form-urlencoded"))
                : "application/json";
        return new Probe(e.method(), path, body, type, null);
    }

    /** A valid object of the endpoint's fields, some left out, with one field replaced or added. */
    private String object(List<Field> fields, String extraField, String wrongField, String wrongValue) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Field f : fields) {
            if (f.name().equals(wrongField)) {
                values.put(f.name(), wrongValue);
            } else if (random.nextInt(4) != 0) {
                values.put(f.name(), random.nextInt(12) == 0 ? "null" : f.valid());
            }
        }
        if (extraField != null) {
            values.put(extraField, pick(List.of("1", "\"x\"", "true", "null", "[]", "{}")));
        }
        StringBuilder out = new StringBuilder("{");
        values.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return out.append('}').toString();
    }

    /** A typo of a known field (a letter dropped, doubled, upper-cased) or a name no endpoint knows. */
    private String unknownField(List<Field> fields) {
        Set<String> known = new java.util.HashSet<>();
        fields.forEach(f -> known.add(f.name()));
        for (int attempt = 0; attempt < 10; attempt++) {
            String name = pick(fields).name();
            String typo = switch (random.nextInt(5)) {
                case 0 -> name.substring(0, name.length() - 1);
                case 1 -> name + name.charAt(name.length() - 1);
                case 2 -> name.toUpperCase();
                case 3 -> name + "_";
                default -> pick(List.of("__proto__", "constructor", "$where", "cpu", "brokerCpu", "Name", "", " ", "a.b",
                        "\\u0000", "é", "x".repeat(200)));
            };
            if (!known.contains(typo)) {
                return typo;
            }
        }
        return "fzUnknown";
    }

    private String malformed(String json) {
        return switch (random.nextInt(8)) {
            case 0 -> json.substring(0, Math.max(1, random.nextInt(json.length())));
            case 1 -> json + pick(List.of("}", "]", ",", "x", " {}", "\u0000"));
            case 2 -> json.replace('"', '\'');
            case 3 -> json.replace("}", ",}");
            case 4 -> "/* c */" + json;
            case 5 -> json.replaceFirst(":", "");
            case 6 -> "{" + json;
            default -> json.replaceFirst("\"", "");
        };
    }

    private String deep(int depth) {
        boolean arrays = random.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        return "{\"name\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
    }

    /** Past the 1 MiB limit: one long string value, or many unknown fields. */
    private byte[] oversized(List<Field> fields) {
        if (random.nextBoolean()) {
            return utf8("{\"" + pick(fields).name() + "\":\"" + "x".repeat(LIMIT + 10 + random.nextInt(LIMIT)) + "\"}");
        }
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; out.length() <= LIMIT + 100; i++) {
            out.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        return utf8(out.append('}').toString());
    }

    /** Bytes that are not UTF-8 inside a string value, in a body with an unknown field. */
    private byte[] nonUtf8(String json) {
        byte[] text = utf8(json);
        int at = Math.max(1, json.indexOf("\":\"") + 3);
        byte[] bad = pick(List.of(new byte[]{(byte) 0xff, (byte) 0xfe}, new byte[]{(byte) 0xc3, 0x28},
                new byte[]{(byte) 0xe2, (byte) 0x82}, new byte[]{(byte) 0xc0, (byte) 0xaf}, new byte[]{(byte) 0xed, (byte) 0xa0, (byte) 0x80}));
        byte[] out = new byte[text.length + bad.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(text, at, out, at + bad.length, text.length - at);
        return out;
    }

    // ---- paths, methods, queries ----------------------------------------------------------------

    private Probe hostilePathParameter() {
        String n = pick(HOSTILE_NAMES);
        List<String> paths = new ArrayList<>(AppsAndDashboard.namedPaths(n, held.taskId()));
        paths.addAll(List.of(
                "GET /api/v1/tasks/" + n, "DELETE /api/v1/tasks/" + n, "GET /api/v1/tasks/" + n + "/logs?offset=0",
                "GET /api/v1/artifacts/" + n, "PUT /api/v1/artifacts/" + n, "GET /api/v1/kafka/" + n,
                "DELETE /api/v1/kafka/" + n, "POST /api/v1/kafka/" + n + "/restart", "POST /api/v1/kafka/" + n + "/replace/1",
                "POST /api/v1/kafka/" + held.kafka() + "/replace/" + n, "GET /api/v1/kafka/" + n + "/topics",
                "DELETE /api/v1/kafka/" + n + "/topics/fz", "DELETE /api/v1/kafka/" + held.kafka() + "/topics/" + n,
                "GET /api/v1/cassandra/" + n, "DELETE /api/v1/cassandra/" + n, "POST /api/v1/cassandra/" + n + "/restart",
                "GET /api/v1/spark/apps/" + n, "DELETE /api/v1/spark/apps/" + n, "GET /api/v1/spark/submissions/" + n,
                "DELETE /api/v1/spark/submissions/" + n, "DELETE /api/v1/spark/volumes/" + n, "GET /api/v1/pipelines/" + n,
                "DELETE /api/v1/pipelines/" + n, "POST /api/v1/pipelines/" + n + "/verify", "POST /api/v1/pipelines/" + n + "/stop",
                "GET /api/v1/pipelines/" + n + "/history", "GET /api/v1/spark/apps/" + n + "/history",
                "DELETE /api/v1/tokens/" + n, "DELETE /api/v1/groups/" + n, "PUT /api/v1/groups/" + n + "/quota",
                "DELETE /api/v1/join-tokens/" + n));
        String path = pick(paths);
        int space = path.indexOf(' ');
        byte[] body = path.startsWith("PUT") || path.startsWith("POST") ? utf8("{\"keepData\":\"x\"}") : null;
        return new Probe(path.substring(0, space), path.substring(space + 1), body, "application/json", null);
    }

    private Probe wrongMethod() {
        String[] e = pick(reads);
        List<String> has = List.of(e[0].split(","));
        List<String> others = new ArrayList<>(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"));
        others.removeAll(has);
        String method = pick(others);
        String path = e[1].replace("{held-task}", held.taskId()).replace("{held-sha}", held.sha256())
                .replace("{held-kafka}", held.kafka());
        // A POST where the path has only GET or DELETE, with a body that holds a defect too.
        return new Probe(method, path, method.equals("GET") || method.equals("DELETE") ? null : utf8("{\"fzUnknown\":1}"),
                "application/json", null);
    }

    private Probe badQuery() {
        String bad = pick(List.of("-1", "NaN", "1e99", "99999999999999999999999", "abc", "", "0x10", "%00",
                "-9223372036854775808", "1.5", "%20", "Infinity", "--1"));
        String path = switch (random.nextInt(8)) {
            case 0 -> "/api/v1/tasks/" + held.taskId() + "/logs?offset=" + bad;
            case 1 -> "/api/v1/tasks/" + held.taskId() + "/logs?stream=" + pick(List.of("stdin", "", "%00", "../x",
                    "stdout%2F..", "STDOUT")) + "&offset=" + bad;
            case 2 -> "/api/v1/tasks/" + freeName() + "/logs?offset=" + bad;
            case 3 -> "/api/v1/tasks/" + held.taskId() + "/logs?offset=" + bad + "&offset=" + bad;
            case 4 -> "/api/v1/tasks/" + held.taskId() + "/logs?stream=stderr&offset=" + bad;
            default -> AppsAndDashboard.badQuery(random.nextInt(5), bad, held.taskId());
        };
        return new Probe("GET", path, null, null, null);
    }

    private Probe strangePath() {
        String path = pick(List.of("/api/v1/" + freeName(), "/api/v2/tasks", "/api/v1/tasks/", "//api/v1/tasks",
                "/api/v1/tasks/" + freeName() + "/logs/extra", "/api/v1/kafka/" + freeName() + "/topics/a/b",
                "/api/v1/spark", "/api/v1/spark/" + freeName(), "/api/v1/pipelines/" + freeName() + "/x",
                "/api/v1/" + "a/".repeat(200), "/%2e%2e/%2e%2e/etc/passwd", "/api/v1/tasks;jsessionid=1",
                "/api/v1/artifacts/" + "f".repeat(64), "/api/v1/artifacts/" + "F".repeat(64),
                "/api/v1/" + "x".repeat(1500), "/api/v1/tasks?" + "a=1&".repeat(300), "/metrics/extra", "/health/" + freeName()));
        String method = pick(List.of("GET", "DELETE", "POST", "PUT"));
        return new Probe(method, path, method.equals("POST") || method.equals("PUT") ? utf8("{\"fzUnknown\":1}") : null,
                "application/json", null);
    }

    private Probe raw() {
        String token = "{\"name\":\"fz\",\"cpus\":\"lots\"}";
        return new Probe(null, null, null, null, switch (random.nextInt(10)) {
            case 0 -> new Raw("POST /api/v1/tasks HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + (LIMIT * 4) + "\r\n", utf8(token));
            case 1 -> new Raw("POST /api/v1/kafka HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
                    utf8("zz\r\n" + token + "\r\n0\r\n\r\n"));
            case 2 -> new Raw("POST /api/v1/cassandra HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 3\r\n",
                    utf8(token));
            case 3 -> new Raw("FROB /api/v1/tasks HTTP/1.1\r\n", new byte[0]);
            case 4 -> new Raw("GET /api/v1/tasks/../../etc/passwd HTTP/1.1\r\n", new byte[0]);
            case 5 -> new Raw("GET /api/v1/state HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n", new byte[0]);
            case 6 -> new Raw("GET /api/v1/state HTTP/1.1\r\n" + "X-H: 1\r\n".repeat(200), new byte[0]);
            case 7 -> new Raw("POST /api/v1/tasks HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: -5\r\n",
                    utf8(token));
            case 8 -> new Raw("GET /api/v1/tasks/a\u0001b HTTP/1.1\r\n", new byte[0]);
            default -> new Raw("POST /api/v1/pipelines HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 5\r\n"
                    + "Content-Length: 50\r\n", utf8(token));
        });
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** A name nothing in the cluster has. */
    private String freeName() {
        return random.nextInt(3) == 0 ? pick(HOSTILE_NAMES) : "fz-" + Integer.toHexString(random.nextInt(1 << 24));
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String preview(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 100), StandardCharsets.UTF_8);
        return s.replaceAll("[^\\x20-\\x7e]", "?") + (body.length > 100 ? "..." : "");
    }
}
