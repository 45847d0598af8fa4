package io.strata.apps;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/** Every app's versions read from their saved app files once, by app name and version. */
final class AppDefinitions {

    private final Map<String, Map<Integer, AppDefinition>> byApp = new HashMap<>();

    /** Reads the versions of {@code app} not read yet (a saved file was accepted once, so it reads again). */
    void load(AppRecord app) {
        Map<Integer, AppDefinition> versions = byApp.computeIfAbsent(app.name(), n -> new HashMap<>());
        for (AppVersion v : app.versions()) {
            versions.computeIfAbsent(v.version(), k -> {
                try {
                    return AppFile.parse(app.name() + " version " + k, v.text()).withGroup(app.group());
                } catch (AppFileException e) {
                    throw new IllegalStateException("saved version " + k + " of app " + app.name()
                            + " no longer reads: " + e.getMessage(), e);
                }
            });
        }
    }

    IntFunction<AppDefinition> of(String app) {
        Map<Integer, AppDefinition> versions = byApp.getOrDefault(app, Map.of());
        return v -> {
            AppDefinition d = versions.get(v);
            if (d == null) {
                throw new IllegalStateException("app " + app + " has no version " + v);
            }
            return d;
        };
    }

    Map<String, IntFunction<AppDefinition>> byApp() {
        Map<String, IntFunction<AppDefinition>> out = new HashMap<>();
        byApp.keySet().forEach(name -> out.put(name, of(name)));
        return out;
    }

    void forget(String app) {
        byApp.remove(app);
    }
}
