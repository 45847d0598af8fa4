package io.strata.service;

import java.util.Map;

/** Reads a service's string config map with defaults, naming the key and value when one is wrong. */
public final class ConfigValues {

    private final Map<String, String> config;

    public ConfigValues(Map<String, String> config) {
        this.config = config;
    }

    public int intValue(String key, int dflt) {
        try {
            return config.containsKey(key) ? Integer.parseInt(config.get(key).trim()) : dflt;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + config.get(key) + "'");
        }
    }

    public long longValue(String key, long dflt) {
        try {
            return config.containsKey(key) ? Long.parseLong(config.get(key).trim()) : dflt;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + config.get(key) + "'");
        }
    }

    public double doubleValue(String key, double dflt) {
        try {
            return config.containsKey(key) ? Double.parseDouble(config.get(key).trim()) : dflt;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + config.get(key) + "'");
        }
    }

    public String string(String key, String dflt) {
        return config.getOrDefault(key, dflt);
    }
}
