package io.strata.bench.placement;

import java.util.ArrayList;
import java.util.List;

/**
 * The cluster and request stream both schedulers place: {@code nodes} nodes of {@code nodeCpus}
 * cores and {@code nodeMemMb} MB, every {@code ssdEvery}-th of them carrying the attribute
 * {@code ssd=true} (0: none), and the applications in {@code apps}, in submission order.
 */
public record PlacementWorkload(String label, int nodes, int nodeCpus, int nodeMemMb, int ssdEvery, List<App> apps) {

    /** How an application's containers may be placed. */
    public enum Constraint {
        /** Anywhere they fit. */
        NONE,
        /** At most one container of the application per node (anti-affinity with itself). */
        UNIQUE_PER_NODE,
        /** Only on nodes with the attribute ssd=true. */
        SSD_ONLY
    }

    /** {@code containers} containers of {@code cpus} cores and {@code memMb} MB each. */
    public record App(int cpus, int memMb, int containers, Constraint constraint) {
    }

    public PlacementWorkload {
        apps = List.copyOf(apps);
        long cores = 0;
        long ssdCores = 0;
        for (App a : apps) {
            cores += (long) a.cpus() * a.containers();
            ssdCores += a.constraint() == Constraint.SSD_ONLY ? (long) a.cpus() * a.containers() : 0;
            if (a.constraint() == Constraint.UNIQUE_PER_NODE && a.containers() > nodes) {
                throw new IllegalArgumentException("more unique containers than nodes: " + a);
            }
        }
        if (cores > (long) nodes * nodeCpus || ssdCores > (long) ssdNodes(nodes, ssdEvery) * nodeCpus) {
            throw new IllegalArgumentException("the requests do not fit the cluster: " + cores + " cores asked");
        }
    }

    /** 10,000 nodes of 8 cores / 16 GB; 100 apps x 800 containers of 1 core / 1 GB fill every core. */
    public static PlacementWorkload full() {
        return uniform(10_000, 100, 800);
    }

    public static PlacementWorkload tiny() {
        return uniform(10, 5, 4);
    }

    private static PlacementWorkload uniform(int nodes, int apps, int each) {
        return uniform(nodes, 8, 16_384, apps, each);
    }

    /** {@code apps} apps of {@code each} containers of 1 core / 1 GB on nodes of the given size. */
    public static PlacementWorkload uniform(int nodes, int nodeCpus, int nodeMemMb, int apps, int each) {
        List<App> list = new ArrayList<>();
        for (int a = 0; a < apps; a++) {
            list.add(new App(1, 1024, each, Constraint.NONE));
        }
        return new PlacementWorkload("uniform", nodes, nodeCpus, nodeMemMb, 0, list);
    }

    /**
     * Mixed sizes and constraints, a quarter of the applications each: plain 1 core/2 GB, plain
     * 2 cores/4 GB, 1 core/1 GB unique per node, and 2 cores/3 GB on ssd nodes only (every fourth
     * node). The ssd applications come first (YARN serves a queue's applications in submission
     * order), so the plain ones cannot starve them of ssd nodes on either side.
     */
    public static PlacementWorkload mixed(int nodes, int apps, int scale) {
        List<App> list = new ArrayList<>();
        int quarter = apps / 4;
        for (int a = 0; a < quarter; a++) {
            list.add(new App(2, 3072, scale, Constraint.SSD_ONLY));
        }
        for (int a = 0; a < quarter; a++) {
            list.add(new App(1, 2048, 4 * scale, Constraint.NONE));
            list.add(new App(2, 4096, 2 * scale, Constraint.NONE));
            list.add(new App(1, 1024, 4 * scale, Constraint.UNIQUE_PER_NODE));
        }
        return new PlacementWorkload("mixed", nodes, 8, 16_384, 4, list);
    }

    /** 10,000 nodes, 100 apps, 27,500 containers on 35,000 of 80,000 cores. */
    public static PlacementWorkload mixedFull() {
        return mixed(10_000, 100, 100);
    }

    public static PlacementWorkload mixedTiny() {
        return mixed(16, 8, 2);
    }

    public boolean ssd(int node) {
        return ssdEvery > 0 && node % ssdEvery == 0;
    }

    private static int ssdNodes(int nodes, int every) {
        return every <= 0 ? 0 : (nodes + every - 1) / every;
    }

    public int containers() {
        return apps.stream().mapToInt(App::containers).sum();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(label + ": " + nodes + " nodes of " + nodeCpus + " cores/"
                + nodeMemMb / 1024 + " GB");
        if (ssdEvery > 0) {
            s.append(" (every ").append(ssdEvery).append("th ssd=true)");
        }
        s.append(", ").append(apps.size()).append(" apps, ").append(containers()).append(" containers");
        if (apps.stream().allMatch(a -> a.equals(apps.get(0)))) {
            App a = apps.get(0);
            s.append(" (").append(a.containers()).append(" each of ").append(a.cpus()).append(" core/")
                    .append(a.memMb()).append(" MB)");
        }
        return s.toString();
    }
}
