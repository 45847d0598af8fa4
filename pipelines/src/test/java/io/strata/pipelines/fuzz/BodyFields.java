package io.strata.pipelines.fuzz;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The vocabulary of the body-taking endpoints the fuzz test knows: their fields, kinds and wrong values. */
final class BodyFields {

    enum Type { TEXT, NUMBER, WHOLE, WHOLE_OR_TEXT, BOOL, TEXTS, MAP, OBJECT, OBJECTS }

    /** A field of a request body: its name, a valid value (raw JSON) and values that are wrong for it. */
    record Field(String name, String valid, List<String> wrong) {
        Field(String name, String valid, Type type) {
            this(name, valid, WRONG.get(type));
        }
    }

    /**
     * A body-taking endpoint: method, path (from the names it is given) and its declared fields; {@code yaml}
     * when the body is read as YAML (which reads JSON too), so only JSON that is no YAML either counts as broken.
     */
    record BodyEndpoint(String method, Function<String, String> path, List<Field> fields, boolean yaml) {
        BodyEndpoint(String method, Function<String, String> path, List<Field> fields) {
            this(method, path, fields, false);
        }
    }

    static final Map<Type, List<String>> WRONG = Map.of(
            Type.TEXT, List.of("5", "[]", "{}", "true", "[\"a\"]", "-1.5"),
            Type.NUMBER, List.of("\"lots\"", "[]", "{}", "true", "-1", "0", "1e400", "-1e400", "NaN", "\"NaN\"",
                    "99999999999999999999999999", "1e10", "\"\"", "[1]"),
            Type.WHOLE, List.of("\"lots\"", "[]", "{}", "false", "-1", "1.5", "99999999999999999999999999",
                    "1e400", "NaN", "\"1\"", "-9223372036854775808"),
            Type.WHOLE_OR_TEXT, List.of("\"lots\"", "[]", "{}", "false", "-1", "0", "1.5", "\"3.5\"", "\"1e3\"",
                    "99999999999", "\"99999999999999999999\"", "NaN", "\"-\""),
            Type.BOOL, List.of("\"yes\"", "1", "0", "[]", "{}", "\"true\""),
            Type.TEXTS, List.of("\"x\"", "{}", "[1]", "[{}]", "[[\"a\"]]", "5", "[null]", "[true]"),
            Type.MAP, List.of("[]", "\"x\"", "{\"a\":{}}", "{\"a\":[1]}", "5", "{\"a\":null}"),
            Type.OBJECT, List.of("[]", "\"x\"", "5", "true", "{\"nme\":\"x\"}"),
            Type.OBJECTS, List.of("{}", "\"x\"", "[1]", "[\"a\"]", "[{\"txt\":\"x\"}]", "[[]]"));

    private BodyFields() {
    }
}
