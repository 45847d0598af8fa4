package io.strata.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run [figure-name...]}: runs the named figures (all by default) at full scale and
 * merges their records into bench/results/latest.json (and its table into bench/README.md).
 * {@code --list} prints the names; {@code --readme} only rewrites the README table from the JSON.
 * A figure that fails is reported and the others still run (a full run takes about two hours); the
 * exit status is then 1.
 */
public final class BenchMain {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BenchMain.class);

    private BenchMain() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (Exception e) {
            // One line for the operator; the whole trace goes to the bench log (bench/target/bench.log).
            System.err.println("bench: failed: " + e + " (trace in the bench log)");
            LOG.error("bench run failed", e);
            status = 1;
        }
        // Hadoop and Pekko leave non-daemon threads behind; the results are written by now.
        System.exit(status);
    }

    private static int run(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("strata.bench.repo", ".")).toAbsolutePath().normalize();
        Path out = repo.resolve("bench/results/latest.json");
        List<Figure> chosen = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.print(USAGE);
                return 0;
            }
            if (a.equals("--list")) {
                Figures.names().forEach(System.out::println);
                return 0;
            }
            if (a.equals("--readme")) {
                ReadmeTable.update(repo.resolve("bench/README.md"), out);
                return 0;
            }
            var f = Figures.byName(a);
            if (f.isEmpty()) {
                System.err.println("no figure named '" + a + "'; bench/run --list shows them");
                return 2;
            }
            chosen.add(f.get());
        }
        if (chosen.isEmpty()) {
            chosen.addAll(Figures.ALL);
        }
        List<Result> results = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Figure f : chosen) {
            System.out.println("bench: running " + f.name());
            long start = System.nanoTime();
            double loadBefore = Load.now();
            Result r;
            try {
                r = f.run(Scale.FULL);
            } catch (Exception e) {
                // Its record in latest.json stays as it was; the other figures still run.
                System.err.printf(Locale.ROOT, "bench: %s failed after %.0f s: %s%n", f.name(),
                        (System.nanoTime() - start) / 1e9, e);
                LOG.error("figure {} failed", f.name(), e);
                failed.add(f.name());
                continue;
            }
            if (r.load() == null) {
                r = r.withLoad(List.of(loadBefore, Load.now()));
            }
            System.out.printf(Locale.ROOT, "bench: %s = %s %s (peer %s, ratio %s) in %.0f s%n", r.name(), r.value(),
                    r.unit(), r.peerValue(), r.ratio(), (System.nanoTime() - start) / 1e9);
            results.add(r);
            // Written after each figure so that a later failure does not lose the earlier ones.
            ResultsFile.write(out, results, repo);
        }
        System.out.println("bench: wrote " + out);
        if (!failed.isEmpty()) {
            System.err.println("bench: " + failed.size() + " of " + chosen.size() + " figures failed (their records are"
                    + " unchanged): " + String.join(", ", failed));
            return 1;
        }
        return 0;
    }

    static final String USAGE = """
            usage: bench/run [NAME...]    run these figures (all by default; about 2 h on 2 cores) and merge
                                          their records into bench/results/latest.json and bench/README.md
                   bench/run --list       the figure names
                   bench/run --readme     only rewrite bench/README.md's table from latest.json
                   bench/run --help       this text
            Each record keeps the commit of the code it was measured on ("git") and when ("measured").
            A figure that fails is reported and the others still run; the exit status is then 1.
            BENCH_MVN_FLAGS: extra Maven flags for the build (e.g. -o, offline);
            BENCH_JAVA_FLAGS: extra flags for the harness JVM (e.g. -Dstrata.bench.keep=true keeps temp dirs).
            A failure's stack trace goes to bench/target/bench.log.
            """;
}
