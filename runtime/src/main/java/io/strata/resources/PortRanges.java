package io.strata.resources;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable set of TCP ports kept as sorted, disjoint, non-adjacent inclusive ranges.
 */
public final class PortRanges {

    public static final PortRanges EMPTY = new PortRanges(List.of());

    /** One inclusive range of ports. */
    public record Range(int begin, int end) {
        public Range {
            if (begin < 1 || end > 65535 || begin > end) {
                throw new IllegalArgumentException("invalid port range " + begin + "-" + end
                        + " (ports are 1-65535, begin <= end)");
            }
        }

        public int count() {
            return end - begin + 1;
        }

        @Override
        public String toString() {
            return begin == end ? Integer.toString(begin) : begin + "-" + end;
        }
    }

    private final List<Range> ranges;

    private PortRanges(List<Range> normalized) {
        this.ranges = normalized;
    }

    public static PortRanges of(List<Range> ranges) {
        return new PortRanges(normalize(ranges));
    }

    public static PortRanges range(int begin, int end) {
        return of(List.of(new Range(begin, end)));
    }

    public static PortRanges ports(int... ports) {
        List<Range> rs = new ArrayList<>();
        for (int p : ports) {
            rs.add(new Range(p, p));
        }
        return of(rs);
    }

    /** Parses "31000-32000,8080" into ranges; an empty string is the empty set. */
    public static PortRanges parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        List<Range> rs = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-');
                if (dash < 0) {
                    int port = Integer.parseInt(p);
                    rs.add(new Range(port, port));
                } else {
                    rs.add(new Range(Integer.parseInt(p.substring(0, dash).trim()),
                            Integer.parseInt(p.substring(dash + 1).trim())));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid port range '" + p
                        + "': expected PORT or BEGIN-END, e.g. 31000-32000");
            }
        }
        return of(rs);
    }

    public List<Range> ranges() {
        return ranges;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public long count() {
        long n = 0;
        for (Range r : ranges) {
            n += r.count();
        }
        return n;
    }

    public boolean contains(int port) {
        int lo = 0;
        int hi = ranges.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Range r = ranges.get(mid);
            if (port < r.begin) {
                hi = mid - 1;
            } else if (port > r.end) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    public boolean containsAll(PortRanges other) {
        for (Range r : other.ranges) {
            if (!containsRange(r)) {
                return false;
            }
        }
        return true;
    }

    private boolean containsRange(Range wanted) {
        for (Range r : ranges) {
            if (r.begin <= wanted.begin && wanted.end <= r.end) {
                return true;
            }
            if (r.begin > wanted.begin) {
                return false;
            }
        }
        return false;
    }

    public PortRanges plus(PortRanges other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<Range> all = new ArrayList<>(ranges);
        all.addAll(other.ranges);
        return of(all);
    }

    public PortRanges minus(PortRanges other) {
        if (other.isEmpty()) {
            return this;
        }
        List<Range> result = new ArrayList<>();
        for (Range r : ranges) {
            int begin = r.begin;
            int end = r.end;
            for (Range cut : other.ranges) {
                if (cut.end < begin || cut.begin > end) {
                    continue;
                }
                if (cut.begin > begin) {
                    result.add(new Range(begin, cut.begin - 1));
                }
                begin = cut.end + 1;
                if (begin > end) {
                    break;
                }
            }
            if (begin <= end) {
                result.add(new Range(begin, end));
            }
        }
        return new PortRanges(normalize(result));
    }

    /** The lowest {@code n} ports of this set, or empty if it holds fewer than {@code n}. */
    public PortRanges lowest(int n) {
        if (n <= 0 || count() < n) {
            return EMPTY;
        }
        List<Range> taken = new ArrayList<>();
        int left = n;
        for (Range r : ranges) {
            int take = Math.min(left, r.count());
            taken.add(new Range(r.begin, r.begin + take - 1));
            left -= take;
            if (left == 0) {
                break;
            }
        }
        return new PortRanges(List.copyOf(taken));
    }

    /** Every port, lowest first. */
    public List<Integer> list() {
        List<Integer> out = new ArrayList<>();
        for (Range r : ranges) {
            for (int p = r.begin; p <= r.end; p++) {
                out.add(p);
            }
        }
        return out;
    }

    private static List<Range> normalize(List<Range> input) {
        if (input.isEmpty()) {
            return List.of();
        }
        List<Range> sorted = new ArrayList<>(input);
        sorted.sort((a, b) -> Integer.compare(a.begin, b.begin));
        List<Range> out = new ArrayList<>();
        Range cur = sorted.get(0);
        for (int i = 1; i < sorted.size(); i++) {
            Range next = sorted.get(i);
            if (next.begin <= cur.end + 1) {
                cur = new Range(cur.begin, Math.max(cur.end, next.end));
            } else {
                out.add(cur);
                cur = next;
            }
        }
        out.add(cur);
        return Collections.unmodifiableList(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortRanges other && ranges.equals(other.ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Range r : ranges) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(r);
        }
        return sb.toString();
    }
}
