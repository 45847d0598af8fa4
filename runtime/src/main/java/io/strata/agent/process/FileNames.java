package io.strata.agent.process;

/**
 * Turns ids chosen by frameworks into single, harmless path components (sandbox directories,
 * checkpoint files, cgroup names): no slashes, no "..", no control characters.
 */
final class FileNames {

    private FileNames() {
    }

    static String safe(String id) {
        StringBuilder sb = new StringBuilder(id.length());
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            sb.append(ok ? c : '_');
        }
        String s = sb.toString();
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }
}
