package io.strata.cli.spi;

import io.strata.resources.PortRanges;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Validation of option values; failures are usage errors (exit 2) that name the flag. */
public final class Checks {

    private Checks() {
    }

    public static void positive(CommandSpec spec, String flag, Number value) {
        if (value != null && !(value.doubleValue() > 0)) {
            throw usage(spec, flag + " must be greater than 0, got " + Table.number(value.doubleValue()));
        }
    }

    public static void notNegative(CommandSpec spec, String flag, Number value) {
        if (value != null && !(value.doubleValue() >= 0)) {
            throw usage(spec, flag + " must be 0 or more, got " + Table.number(value.doubleValue()));
        }
    }

    /** A port to listen on; 0 picks a free one. */
    public static void listenPort(CommandSpec spec, String flag, int value) {
        if (value < 0 || value > 65535) {
            throw usage(spec, flag + " must be a TCP port (0-65535, 0 picks a free one), got " + value);
        }
    }

    /** A {@code HOST:PORT} address such as {@code 10.0.0.5:25520}. */
    public static void hostPort(CommandSpec spec, String flag, String value) {
        int colon = value.lastIndexOf(':');
        boolean valid = colon > 0 && colon < value.length() - 1;
        if (valid) {
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                valid = port >= 1 && port <= 65535;
            } catch (NumberFormatException e) {
                valid = false;
            }
        }
        if (!valid) {
            throw usage(spec, flag + " must be HOST:PORT, e.g. 10.0.0.5:25520, got '" + value + "'");
        }
    }

    public static void portRanges(CommandSpec spec, String flag, String value) {
        try {
            PortRanges.parse(value);
        } catch (IllegalArgumentException e) {
            throw usage(spec, flag + " must be ranges like 31000-32000,8080 (" + e.getMessage() + ")");
        }
    }

    /** Repeated KEY=VALUE options as an ordered map; the last value of a repeated KEY wins. */
    public static Map<String, String> keyValues(CommandSpec spec, String flag, List<String> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw usage(spec, flag + " must be KEY=VALUE, got '" + entry + "'");
            }
            map.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return map;
    }

    public static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
