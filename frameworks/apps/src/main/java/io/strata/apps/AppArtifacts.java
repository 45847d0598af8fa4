package io.strata.apps;

import io.strata.artifacts.ArtifactStore;
import io.strata.spec.Problems;
import io.strata.spec.YamlMapping;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an app file's {@code artifacts:}: each entry {@code {sha256: <64 hex digits>, name: web.jar}}
 * names an uploaded file (POST /api/v1/artifacts answers its sha256) and the file name it gets in
 * each instance's sandbox. Whether the store holds it is checked by the API, not here.
 */
final class AppArtifacts {

    static final String FORM = "{sha256: <the 64 hex digits POST /api/v1/artifacts answered>, name: web.jar}";

    private AppArtifacts() {
    }

    static List<AppDefinition.Artifact> read(YamlMapping app, Problems problems) {
        List<Node> items = app.list("artifacts", "a list of uploaded files, each " + FORM);
        List<AppDefinition.Artifact> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            String path = app.child("artifacts") + "[" + i + "]";
            YamlMapping m = YamlMapping.of(items.get(i), path, problems, "an uploaded file: " + FORM);
            if (m == null) {
                continue;
            }
            m.allowOnly(List.of("sha256", "name"));
            String sha = m.requiredText("sha256", "the 64 lower-case hex digits POST /api/v1/artifacts answered");
            String name = m.requiredText("name", "the file's name in the sandbox, e.g. web.jar");
            boolean ok = sha != null && name != null;
            if (sha != null && !ArtifactStore.isSha256(sha)) {
                m.problem("sha256", "'" + sha + "' is not a SHA-256: 64 lower-case hex digits, as POST"
                        + " /api/v1/artifacts answers");
                ok = false;
            }
            if (name != null && !fileName(name)) {
                m.problem("name", "'" + name + "' is not a file name: the file goes in the sandbox itself, so no '/',"
                        + " not '.' or '..', at most 255 characters");
                ok = false;
            } else if (name != null && out.stream().anyMatch(a -> a.name().equals(name))) {
                m.problem("name", "'" + name + "' is named twice; each artifact needs its own name in the sandbox");
                ok = false;
            }
            if (ok) {
                out.add(new AppDefinition.Artifact(sha, name));
            }
        }
        return out;
    }

    private static boolean fileName(String name) {
        return !name.isEmpty() && name.length() <= 255 && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(c -> c == '/' || c == 0 || c == '\n');
    }
}
