package io.strata.allocator;

import static io.strata.allocator.AllocatorInvariants.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The DRF order of the frameworks wanting offers ({@link FrameworkState#BY_SHARE}: share, then id)
 * as two flat arrays by dense framework index: each one's share, and its rank by id among those
 * ranked. Comparing (share, rank) from the arrays orders exactly as BY_SHARE does, without touching
 * the frameworks or comparing id strings, which is what made the bit scan of a mostly refused agent
 * cost over 10 ns per framework (the DeclineOffers shape's rounds F/2 to 3F/5 on 1,000 agents took
 * 5-6 ms, all on that scan).
 *
 * <p>Ranks only need to agree with id order pairwise, so one leaving keeps the others' valid; a
 * framework that joins unranked (new, or a reused index) marks them stale, and they are rebuilt,
 * O(F log F), once before the next scan that needs them.
 */
final class WantingRanks {

    private double[] shares = new double[0];
    private int[] rankByIndex = new int[0];
    /** Who each rank was computed for, so a reused index is never read with a stale rank. */
    private FrameworkState[] rankedFor = new FrameworkState[0];
    private boolean stale;

    /** {@code fw} now wants offers: its share is recorded, its rank checked. */
    void joined(FrameworkState fw) {
        grow(fw.index);
        shares[fw.index] = fw.share;
        if (rankedFor[fw.index] != fw) {
            stale = true;
        }
    }

    /** A wanting framework's share moved. */
    void shareChanged(FrameworkState fw) {
        grow(fw.index);
        shares[fw.index] = fw.share;
    }

    /** Re-ranks by id when a framework joined unranked; {@code wanting} is by dense index, null where none. */
    void refresh(FrameworkState[] wanting) {
        if (!stale) {
            return;
        }
        List<FrameworkState> all = new ArrayList<>();
        for (FrameworkState fw : wanting) {
            if (fw != null) {
                all.add(fw);
            }
        }
        all.sort(Comparator.comparing(fw -> fw.id));
        Arrays.fill(rankedFor, null);
        for (int r = 0; r < all.size(); r++) {
            FrameworkState fw = all.get(r);
            grow(fw.index);
            rankByIndex[fw.index] = r;
            rankedFor[fw.index] = fw;
        }
        stale = false;
    }

    /**
     * The index of the least (share, id) among the set bits of {@code wantingBits} that the agent
     * does not refuse, or -1 when it refuses them all. Ranks must be fresh ({@link #refresh}).
     */
    int leastNotRefusing(long[] wantingBits, AgentState agent) {
        int best = -1;
        double bestShare = 0;
        int bestRank = 0;
        for (int w = 0; w < wantingBits.length; w++) {
            long open = wantingBits[w] & ~agent.refusingWord(w);
            while (open != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(open);
                double share = shares[i];
                int c = best < 0 ? -1 : Double.compare(share, bestShare);
                if (c < 0 || (c == 0 && rankByIndex[i] < bestRank)) {
                    best = i;
                    bestShare = share;
                    bestRank = rankByIndex[i];
                }
                open &= open - 1;
            }
        }
        return best;
    }

    private void grow(int index) {
        if (index >= shares.length) {
            int n = Math.max(index + 1, shares.length * 2);
            shares = Arrays.copyOf(shares, n);
            rankByIndex = Arrays.copyOf(rankByIndex, n);
            rankedFor = Arrays.copyOf(rankedFor, n);
        }
    }

    /** Throws if a wanting framework's recorded share or rank disagrees with it. */
    void verify(Collection<FrameworkState> frameworks, boolean sharesStale) {
        List<FrameworkState> queued = new ArrayList<>();
        for (FrameworkState fw : frameworks) {
            if (fw.queued) {
                queued.add(fw);
                check(fw.index < shares.length && (sharesStale || shares[fw.index] == fw.share),
                        () -> "framework " + fw.id + " has a stale share in the wanting ranks");
                check(stale || rankedFor[fw.index] == fw,
                        () -> "framework " + fw.id + " is unranked but the ranks are fresh");
            }
        }
        if (stale) {
            return;
        }
        queued.sort(Comparator.comparing(fw -> fw.id));
        for (int i = 1; i < queued.size(); i++) {
            FrameworkState before = queued.get(i - 1);
            FrameworkState after = queued.get(i);
            check(rankByIndex[before.index] < rankByIndex[after.index],
                    () -> "frameworks " + before.id + " and " + after.id + " are ranked against their id order");
        }
    }
}
