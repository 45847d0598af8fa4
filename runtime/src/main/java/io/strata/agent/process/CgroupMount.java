package io.strata.agent.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A cgroup mount from mountinfo: where it is mounted, which part of the hierarchy it shows. */
record CgroupMount(Path mountPoint, String root, boolean v2, Set<String> controllers) {

    static List<CgroupMount> parseAll(List<String> mountinfo) {
        List<CgroupMount> out = new ArrayList<>();
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 0 || f.length < dash + 4 || dash < 5) {
                continue;
            }
            String type = f[dash + 1];
            if (type.equals("cgroup2")) {
                out.add(new CgroupMount(Path.of(unescape(f[4])), unescape(f[3]), true, Set.of()));
            } else if (type.equals("cgroup")) {
                out.add(new CgroupMount(Path.of(unescape(f[4])), unescape(f[3]), false,
                        Set.of(f[dash + 3].split(","))));
            }
        }
        return out;
    }

    /** Maps a group path from /proc/self/cgroup to a directory under this mount. */
    Path locate(String groupPath) {
        String rel;
        if (root.equals("/")) {
            rel = groupPath;
        } else if (groupPath.equals(root) || groupPath.startsWith(root + "/")) {
            rel = groupPath.substring(root.length());
        } else {
            rel = "/";
        }
        if (rel.contains("/..")) {
            rel = "/";
        }
        String stripped = rel.replaceAll("^/+", "");
        return stripped.isEmpty() ? mountPoint : mountPoint.resolve(stripped);
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
