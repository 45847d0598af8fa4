package io.strata.pipelines.fuzz;

import io.strata.pipelines.fuzz.BodyFields.BodyEndpoint;
import io.strata.pipelines.fuzz.BodyFields.Field;
import io.strata.pipelines.fuzz.BodyFields.Type;

import java.util.List;
import java.util.Random;

/**
 * The apps API ({@code /api/v1/apps}, bodies are app files in YAML or JSON) and the dashboard's JSON routes
 * ({@code history}, {@code events}, {@code analysis}, {@code ui/signin}, a task's analysis; the live streams
 * only with a parameter they refuse, so every probe gets an answer) for {@link HostileRequests}. The wrong
 * values of an app file's fields are wrong in YAML too (YAML reads {@code user: 5} as the text "5").
 */
final class AppsAndDashboard {

    private AppsAndDashboard() {
    }

    static List<BodyEndpoint> bodies() {
        List<Field> app = List.of(
                new Field("name", "\"fz\"", List.of("5", "[]", "{}", "\"Fz\"", "\"-fz\"", "\"\"", "\"fz/x\"", "\"" + "f".repeat(64) + "\"")),
                new Field("command", "[\"true\"]", List.of("[]", "\"\"", "{}", "[[\"a\"]]", "[{}]", "\" \"")),
                new Field("args", "[\"x\"]", List.of("{}", "[{}]", "[[]]")),
                new Field("instances", "1", List.of("-1", "1.5", "\"lots\"", "1001", "[]", "{}", "99999999999999999999")),
                new Field("cpus", "0.1", List.of("0", "-1", "\"lots\"", "[]", "{}", "1e400", ".inf", ".nan", "-0.5",
                        "1e300", "2000000000")),
                new Field("mem", "128", List.of("8", "-1", "\"lots\"", "[]", "{}", "0", "99999999999999999999",
                        "9000000000000000000", "\"2000000g\"")),
                new Field("disk", "0", List.of("-1", "\"lots\"", "[]", "{}", "99999999999999999999",
                        "9000000000000000000")),
                new Field("env", "{\"A\":\"1\"}", List.of("[]", "\"x\"", "{\"1A\":\"x\"}", "{\"A\":{}}", "{\"A\":[1]}", "{\"A B\":\"x\"}")),
                new Field("ports", "[{\"name\":\"http\"}]", List.of("{}", "\"http\"", "[{\"name\":\"HTTP\"}]",
                        "[{\"name\":\"a\",\"port\":0}]", "[{\"name\":\"a\",\"port\":70000}]", "[{\"nme\":\"a\"}]",
                        "[{\"name\":\"a\"},{\"name\":\"a\"}]", "[[]]")),
                new Field("backoff", "\"1s\"", List.of("\"soon\"", "-1", "\"1ms\"", "[]", "{}", "\"-5s\"", "\"99999999999999d\"")),
                new Field("maxBackoff", "\"1m\"", List.of("\"later\"", "\"1ms\"", "[]", "{}", "\"-1m\"")),
                new Field("killGracePeriod", "\"10s\"", List.of("\"x\"", "\"-1s\"", "[]", "{}", "\"1 fortnight\"")),
                new Field("group", "\"default\"", List.of("[]", "{}", "\"../x\"", "\"no such group\"")),
                new Field("user", "\"nobody\"", List.of("[]", "{}")),
                new Field("sticky", "false", List.of("\"maybe\"", "5", "[]", "{\"for\":\"x\"}", "{\"fr\":\"1m\"}", "{}")));
        List<Field> demand = List.of(
                new Field("cpus", "0.5", List.of("-1", "\"lots\"", "[]", "{}", "true", "1e400", "\"NaN\"", "\"-1\"",
                        "1000001", "\"Infinity\"")),
                new Field("memMb", "64", Type.WHOLE), new Field("diskMb", "0", Type.WHOLE), new Field("ports", "0", Type.WHOLE),
                new Field("group", "\"default\"", List.of("5", "[]", "{}", "true", "\"../x\"", "\"a b\"")),
                new Field("attributes", "{}", Type.MAP), new Field("agent", "\"a1\"", Type.TEXT),
                new Field("volume", "\"v\"", Type.TEXT));
        return List.of(
                new BodyEndpoint("POST", n -> "/api/v1/apps", app, true),
                new BodyEndpoint("PUT", n -> "/api/v1/apps/fz", app, true),
                new BodyEndpoint("PUT", n -> "/api/v1/apps/" + n, app, true),
                new BodyEndpoint("POST", n -> "/api/v1/apps/" + n + "/scale", List.of(new Field("instances", "2", Type.WHOLE))),
                new BodyEndpoint("POST", n -> "/api/v1/apps/" + n + "/rollback", List.of(new Field("to", "1", Type.WHOLE))),
                new BodyEndpoint("POST", n -> "/api/v1/analysis", demand),
                new BodyEndpoint("POST", n -> "/api/v1/ui/signin", List.of(new Field("code", "\"fz-nope\"", Type.TEXT))));
    }

    /** "METHOD path" with the hostile or free name {@code n} where a name goes. */
    static List<String> namedPaths(String n, String heldTask) {
        return List.of("GET /api/v1/apps/" + n, "DELETE /api/v1/apps/" + n, "DELETE /api/v1/apps/fz-none?grace=" + n,
                "GET /api/v1/apps/" + n + "/versions", "POST /api/v1/apps/" + n + "/restart",
                "POST /api/v1/apps/" + n + "/pause", "POST /api/v1/apps/" + n + "/resume",
                "POST /api/v1/apps/" + n + "/abort", "POST /api/v1/apps/" + n + "/scale",
                "POST /api/v1/apps/" + n + "/rollback", "PUT /api/v1/apps/" + n,
                "GET /api/v1/tasks/" + n + "/analysis", "GET /api/v1/events?task=" + n,
                "GET /api/v1/tasks/" + n + "/logs/stream?stream=" + n,
                "GET /api/v1/tasks/" + heldTask + "/logs/stream?from=" + n);
    }

    /** Reads (and methods a path does not have): method list the path has, then the path. */
    static List<String[]> reads() {
        return List.of(new String[]{"GET,POST", "/api/v1/apps"}, new String[]{"GET,PUT,DELETE", "/api/v1/apps/fz-none"},
                new String[]{"GET", "/api/v1/apps/fz-none/versions"}, new String[]{"POST", "/api/v1/apps/fz-none/restart"},
                new String[]{"POST", "/api/v1/apps/fz-none/scale"}, new String[]{"GET", "/api/v1/history"},
                new String[]{"GET", "/api/v1/events"}, new String[]{"GET", "/api/v1/stream"},
                new String[]{"POST", "/api/v1/analysis"}, new String[]{"POST", "/api/v1/ui/signin"},
                new String[]{"GET", "/api/v1/tasks/{held-task}/analysis"});
    }

    /** Broken as YAML too (YAML reads single quotes, trailing commas and comments that JSON refuses). */
    static String notYaml(Random random, String json) {
        return switch (random.nextInt(3)) {
            case 0 -> json.substring(0, Math.max(1, random.nextInt(json.length())));
            case 1 -> json + List.of("}", "]", ",", "\u0000", "\t{").get(random.nextInt(5));
            default -> "{" + json;
        };
    }

    /** A dashboard read with {@code bad} where a number goes (or a stream's name, which answers before it streams). */
    static String badQuery(int dice, String bad, String heldTask) {
        return switch (dice) {
            case 0 -> "/api/v1/history?minutes=" + bad;
            case 1 -> "/api/v1/events?limit=" + bad;
            case 2 -> "/api/v1/events?after=" + bad + "&task=" + heldTask;
            case 3 -> "/api/v1/events?after=" + bad + "&limit=" + bad;
            default -> "/api/v1/tasks/" + heldTask + "/logs/stream?stream=stdin&offset=" + bad;
        };
    }
}
