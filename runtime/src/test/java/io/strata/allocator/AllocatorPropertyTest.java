package io.strata.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.allocator.AcceptResult.Accepted;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Random event sequences against {@link AllocatorModel}: after every step the books must be
 * consistent, nothing over-allocated, and every output (offers, their ids, receivers and contents,
 * rejections, withdrawals) exactly what the naive model predicts.
 */
class AllocatorPropertyTest {

    private static final int SEEDS = 200;
    private static final int STEPS = 500;
    private static final String[] ROLES = {"*", "r1", "r2"};
    private static final Duration[] REFUSALS = {Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofSeconds(30), Duration.ofDays(1), null};

    @Test
    void randomEventSequencesNeverOverAllocateAndMatchTheModel() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            new Run(seed).go();
        }
    }

    private static final class Run {
        final long seed;
        final Random rnd;
        final FakeClock clock = new FakeClock();
        final AllocatorConfig config = AllocatorConfig.defaults("p").withOfferTimeout(Duration.ofSeconds(30));
        final DrfAllocator alloc = new DrfAllocator(clock, config);
        final AllocatorModel model = new AllocatorModel(config);
        /** Described lazily: formatting resources on every step would dominate the run time. */
        Supplier<String> op = () -> "";
        int step;

        Run(long seed) {
            this.seed = seed;
            this.rnd = new Random(seed);
        }

        void go() {
            // Half the runs start with every role under some quota, so limits and headroom bind often.
            boolean quotas = rnd.nextBoolean();
            for (step = 0; step < STEPS; step++) {
                if (quotas && step < ROLES.length) {
                    setQuota(ROLES[step], 1);
                    continue;
                }
                try {
                    step();
                    alloc.checkInvariants();
                    compareViews();
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError("seed " + seed + " step " + step + " op " + op.get() + ": "
                            + e.getMessage(), e);
                }
            }
        }

        void step() {
            int dice = rnd.nextInt(100);
            if (dice < 8) {
                addAgent();
            } else if (dice < 11) {
                AgentId a = agentId();
                op = () -> "removeAgent " + a;
                assertThat(alloc.removeAgent(a)).isEqualTo(model.removeAgent(a));
            } else if (dice < 16) {
                FrameworkId f = frameworkId();
                String role = ROLES[rnd.nextInt(ROLES.length)];
                op = () -> "addFramework " + f + " " + role;
                alloc.addFramework(f, role);
                model.addFramework(f, role);
            } else if (dice < 18) {
                FrameworkId f = frameworkId();
                op = () -> "deactivate " + f;
                assertThat(alloc.deactivateFramework(f)).isEqualTo(model.deactivate(f));
            } else if (dice < 20) {
                FrameworkId f = frameworkId();
                op = () -> "removeFramework " + f;
                assertThat(alloc.removeFramework(f)).isEqualTo(model.removeFramework(f));
            } else if (dice < 22) {
                String role = ROLES[rnd.nextInt(ROLES.length)];
                double w = new double[] {0.5, 1, 2, 3}[rnd.nextInt(4)];
                if (rnd.nextBoolean()) {
                    op = () -> "weight " + role + " " + w;
                    alloc.setRoleWeight(role, w);
                    model.setWeight(role, w);
                } else {
                    setQuota(role, w);
                }
            } else if (dice < 26) {
                FrameworkId f = frameworkId();
                boolean on = rnd.nextBoolean();
                op = () -> (on ? "suppress " : "revive ") + f;
                if (on) {
                    alloc.suppress(f);
                } else {
                    alloc.revive(f);
                }
                model.suppress(f, on);
            } else if (dice < 32) {
                recordUsed();
            } else if (dice < 40) {
                recover();
            } else if (dice < 58) {
                op = () -> "allocate";
                QuotaSnapshot before = new QuotaSnapshot(model);
                model.applyPass(alloc.allocate(), clock.instant());
                before.checkPassAgainst(new QuotaSnapshot(model));
            } else if (dice < 72) {
                accept();
            } else if (dice < 82) {
                Optional<Offer> o = anyOffer();
                FrameworkId f = o.isPresent() && rnd.nextInt(10) > 0 ? o.get().frameworkId() : frameworkId();
                OfferId id = o.map(Offer::id).orElse(OfferId.of("p-0"));
                Duration d = REFUSALS[rnd.nextInt(REFUSALS.length)];
                op = () -> "decline " + id + " by " + f + " for " + d;
                assertThat(alloc.decline(id, f, d)).isEqualTo(model.decline(id, f, d, clock.instant()));
            } else if (dice < 85) {
                OfferId id = anyOffer().map(Offer::id).orElse(OfferId.of("p-0"));
                op = () -> "rescind " + id;
                assertThat(alloc.rescind(id)).isEqualTo(model.rescind(id));
            } else if (dice < 93) {
                Duration d = Duration.ofMillis(rnd.nextInt(15_000));
                op = () -> "advance " + d;
                clock.advance(d);
            } else {
                op = () -> "expireOffers";
                assertThat(alloc.expireOffers()).isEqualTo(model.expire(clock.instant()));
            }
        }

        void setQuota(String role, double w) {
            Resources guarantee = rnd.nextInt(3) == 0 ? null : Resources.of(
                    new double[] {0, 0.5, 2.5, 6}[rnd.nextInt(4)], new long[] {0, 256, 2048, 8192}[rnd.nextInt(4)],
                    new long[] {0, 512}[rnd.nextInt(2)]);
            Resources limit = rnd.nextInt(3) == 0 ? null : Resources.of(
                    new double[] {0, 1, 4, 10}[rnd.nextInt(4)], new long[] {0, 512, 4096}[rnd.nextInt(3)],
                    new long[] {0, 1024}[rnd.nextInt(2)]);
            op = () -> "quota " + role + " weight " + w + " guarantee " + guarantee + " limit " + limit;
            if (GroupLimits.invalidQuota(guarantee, limit).isPresent()) {
                assertThatThrownBy(() -> alloc.setRoleQuota(role, w, guarantee, limit))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above the limit");
                return;
            }
            alloc.setRoleQuota(role, w, guarantee, limit);
            model.setQuota(role, w, guarantee, limit);
        }

        void addAgent() {
            AgentId a = agentId();
            Resources total = randomTotal();
            Map<String, String> attrs = Map.of("rack", "r" + rnd.nextInt(3));
            op = () -> "addAgent " + a + " " + total;
            if (model.canSetTotal(a, total)) {
                alloc.addAgent(a, "host-" + a, total, attrs);
                model.addAgent(a, "host-" + a, total, attrs);
            } else {
                assertThatThrownBy(() -> alloc.addAgent(a, "host-" + a, total, attrs))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }

        void recordUsed() {
            AgentId a = agentId();
            FrameworkId f = frameworkId();
            AllocatorModel.Agent ma = model.agents.get(a);
            if (ma == null) {
                op = () -> "recordUsed on missing " + a;
                assertThatThrownBy(() -> alloc.recordUsed(a, f, Resources.of(0, 1)))
                        .isInstanceOf(IllegalArgumentException.class);
                return;
            }
            Resources r = subset(ma.free());
            op = () -> "recordUsed " + a + " " + f + " " + r;
            alloc.recordUsed(a, f, r);
            model.recordUsed(a, f, r);
        }

        void recover() {
            List<AllocatorModel.Agent> withUsage = model.agents.values().stream()
                    .filter(a -> !a.used.isEmpty()).toList();
            if (withUsage.isEmpty()) {
                op = () -> "recover on removed agent";
                alloc.recover(AgentId.of("gone"), frameworkId(), Resources.of(1, 1));
                return;
            }
            AllocatorModel.Agent a = withUsage.get(rnd.nextInt(withUsage.size()));
            List<FrameworkId> users = new ArrayList<>(a.used.keySet());
            FrameworkId f = users.get(rnd.nextInt(users.size()));
            Resources held = a.used.get(f);
            if (rnd.nextInt(10) == 0) {
                Resources tooMuch = held.plus(Resources.of(0, 1));
                op = () -> "recover too much " + a.id + " " + f + " " + tooMuch;
                assertThatThrownBy(() -> alloc.recover(a.id, f, tooMuch)).isInstanceOf(IllegalArgumentException.class);
                return;
            }
            Resources r = rnd.nextBoolean() ? held : subset(held);
            op = () -> "recover " + a.id + " " + f + " " + r;
            alloc.recover(a.id, f, r);
            model.recover(a.id, f, r);
        }

        void accept() {
            Optional<Offer> o = anyOffer();
            if (o.isEmpty()) {
                op = () -> "accept unknown";
                assertThat(alloc.accept(OfferId.of("p-0"), frameworkId(), Resources.EMPTY))
                        .isInstanceOf(AcceptResult.Rejected.class);
                return;
            }
            Offer offer = o.get();
            FrameworkId f = rnd.nextInt(10) == 0 ? frameworkId() : offer.frameworkId();
            int kind = rnd.nextInt(10);
            Resources toUse = kind == 0 ? offer.resources().plus(Resources.of(0, 1))
                    : kind == 1 ? Resources.of(0, 1, 0, PortRanges.ports(80)) : subset(offer.resources());
            op = () -> "accept " + offer.id() + " by " + f + " using " + toUse;
            Optional<Resources> expected = model.accept(offer.id(), f, toUse, clock.instant());
            AcceptResult actual = alloc.accept(offer.id(), f, toUse);
            if (expected.isPresent()) {
                assertThat(actual).isEqualTo(new Accepted(offer, toUse, expected.get()));
            } else {
                assertThat(actual).isInstanceOf(AcceptResult.Rejected.class);
            }
        }

        /** Plain equality rather than AssertJ: this runs 100,000 times and dominated the test time. */
        void compareViews() {
            same(alloc.outstandingOffers(), model.outstanding(), "outstanding offers");
            AgentId largest = null;
            Resources largestFree = null;
            for (int i = 0; i < 8; i++) {
                AgentId id = AgentId.of("a" + i);
                AllocatorModel.Agent a = model.agents.get(id);
                same(alloc.hasAgent(id), a != null, "hasAgent");
                if (a != null) {
                    Resources free = a.free();
                    same(alloc.total(id), a.total, "total of " + i);
                    same(alloc.used(id), a.usedSum(), "used of " + i);
                    same(alloc.offered(id), a.offered(), "offered of " + i);
                    same(alloc.free(id), free, "free of " + i);
                    if (largest == null || free.milliCpus() > largestFree.milliCpus()
                            || free.milliCpus() == largestFree.milliCpus() && free.memMb() > largestFree.memMb()) {
                        largest = id;
                        largestFree = free;
                    }
                }
            }
            same(alloc.largestFreeAgent(), Optional.ofNullable(largest), "largestFreeAgent");
            long[] total = model.clusterTotal();
            same(alloc.clusterTotal(), new Resources(total[0], total[1], total[2], PortRanges.EMPTY), "cluster");
            for (int i = 0; i < 5; i++) {
                FrameworkId f = FrameworkId.of("f" + i);
                AllocatorModel.Framework mf = model.frameworks.get(f);
                long[] al = model.allocated(f);
                same(alloc.hasFramework(f), mf != null && mf.registered, "hasFramework");
                same(alloc.allocatedTo(f), new Resources(al[0], al[1], al[2], PortRanges.EMPTY), "allocatedTo");
                same(alloc.dominantShare(f), AllocatorModel.dominantShare(al, total), "dominantShare");
            }
        }

        /**
         * The promises of quotas, stated on their own rather than through the model's rules: an
         * allocation pass takes no role past its limit (what it held before stays), and eats into
         * the headroom that unmet guarantees need only up to what their own roles take: for each
         * resource, unallocated minus required headroom never drops below min(what it was, 0).
         */
        static final class QuotaSnapshot {
            final Map<String, long[]> held = new java.util.HashMap<>();
            final long[] slack = new long[3];
            final Map<String, long[]> limits;

            QuotaSnapshot(AllocatorModel m) {
                for (String role : ROLES) {
                    held.put(role, m.roleAllocated(role));
                }
                long[] total = m.clusterTotal();
                long[] required = m.requiredHeadroom();
                for (int i = 0; i < 3; i++) {
                    long allocated = 0;
                    for (long[] h : held.values()) {
                        allocated += h[i];
                    }
                    slack[i] = total[i] - allocated - required[i];
                }
                limits = new java.util.HashMap<>();
                for (String role : ROLES) {
                    Resources l = m.limitOf(role);
                    limits.put(role, new long[] {l.milliCpus(), l.memMb(), l.diskMb()});
                }
            }

            void checkPassAgainst(QuotaSnapshot after) {
                for (String role : ROLES) {
                    long[] l = limits.get(role);
                    for (int i = 0; i < 3; i++) {
                        if (l[i] > 0 && after.held.get(role)[i] > Math.max(l[i], held.get(role)[i])) {
                            throw new AssertionError("role " + role + " offered past its limit: resource " + i
                                    + " limit " + l[i] + ", held " + held.get(role)[i] + " before the pass, "
                                    + after.held.get(role)[i] + " after");
                        }
                    }
                }
                for (int i = 0; i < 3; i++) {
                    if (after.slack[i] < Math.min(slack[i], 0)) {
                        throw new AssertionError("pass ate into guarantee headroom: resource " + i + " slack "
                                + slack[i] + " before, " + after.slack[i] + " after");
                    }
                }
            }
        }

        static void same(Object actual, Object expected, String what) {
            if (!actual.equals(expected)) {
                throw new AssertionError(what + ": allocator says " + actual + ", model says " + expected);
            }
        }

        AgentId agentId() {
            return AgentId.of("a" + rnd.nextInt(8));
        }

        FrameworkId frameworkId() {
            return FrameworkId.of("f" + rnd.nextInt(5));
        }

        Optional<Offer> anyOffer() {
            List<Offer> all = model.outstanding();
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(rnd.nextInt(all.size())));
        }

        Resources randomTotal() {
            long[] cpus = {5, 500, 1000, 2500, 4000};
            long[] mem = {16, 256, 1024, 4096};
            PortRanges ports = rnd.nextBoolean() ? PortRanges.EMPTY : PortRanges.range(31000, 31000 + rnd.nextInt(20));
            return new Resources(cpus[rnd.nextInt(cpus.length)], mem[rnd.nextInt(mem.length)],
                    rnd.nextInt(3) * 512L, ports);
        }

        /** A random part of {@code r}, scalars and individual ports. */
        Resources subset(Resources r) {
            List<Integer> kept = new ArrayList<>();
            for (int p : r.ports().list()) {
                if (rnd.nextInt(3) == 0) {
                    kept.add(p);
                }
            }
            return new Resources(part(r.milliCpus()), part(r.memMb()), part(r.diskMb()),
                    PortRanges.ports(kept.stream().mapToInt(Integer::intValue).toArray()));
        }

        long part(long n) {
            return n == 0 ? 0 : rnd.nextLong(n + 1);
        }
    }
}
