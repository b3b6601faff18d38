package io.hazardgate.simulator.signal;

/** Per-point seeds derived from the run's seed, so adding a point does not change any other's values. */
public final class Seeds {
    private Seeds() {}

    /** {@link String#hashCode()} is fixed by the language specification, so this is stable across runs. */
    public static long forPoint(long runSeed, String site, String tag) {
        return mix(runSeed * 0x9E3779B97F4A7C15L + (site + "/" + tag).hashCode());
    }

    /** The 64-bit finaliser of MurmurHash3: spreads nearby inputs over the whole range. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9e53b8a2f3dL;
        return z ^ (z >>> 33);
    }
}
