package org.rareegress.simulate;

/**
 * SplitMix64: a small, fast generator whose output is fixed by its seed alone. The JDK's generators
 * are not promised to stay the same across releases, and the simulator promises byte-identical
 * output for the same seed, so it carries its own.
 */
final class Rng {
    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    /** An independent generator for one purpose (devices, a planted tool, disorder...), so adding draws to one leaves the others unchanged. */
    Rng fork(long salt) {
        return new Rng(mix(state ^ mix(salt + 0x632BE59BD9B4E019L)));
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, bound), bound > 0. */
    long nextLong(long bound) {
        long r = nextLong() >>> 1;
        long m = bound - 1;
        if ((bound & m) == 0) {
            return r & m;
        }
        // Rejection keeps the draw exactly uniform.
        for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) {
            // retry
        }
        return r;
    }

    int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** Uniform in [from, to]. */
    int between(int from, int to) {
        return from + nextInt(to - from + 1);
    }

    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    boolean chance(double probability) {
        return nextDouble() < probability;
    }

    /** Stafford's variant 13 finaliser, also used as a stateless hash of small tuples. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash(long a, long b, long c) {
        return mix(mix(mix(a) ^ b) ^ c);
    }
}
