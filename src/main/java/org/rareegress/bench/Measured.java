package org.rareegress.bench;

import java.lang.management.ManagementFactory;

/**
 * Wall-clock and CPU time of one measured step. CPU is the whole process's (every thread: the work,
 * the JIT compilers, GC, and in the live rows the in-process broker), because on a shared 2-core
 * machine wall-clock time swings with other load while CPU time does not.
 */
record Measured(long wallNanos, long cpuNanos) {

    double wallSeconds() {
        return wallNanos / 1e9;
    }

    double cpuSeconds() {
        return cpuNanos / 1e9;
    }

    /** Starts a measurement; {@link Start#stop()} ends it. */
    static Start start() {
        return new Start(System.nanoTime(), processCpuNanos());
    }

    record Start(long wall, long cpu) {
        Measured stop() {
            return new Measured(System.nanoTime() - wall, processCpuNanos() - cpu);
        }
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
