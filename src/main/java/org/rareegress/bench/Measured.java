package org.rareegress.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Wall-clock and CPU time of one measured step. Process CPU counts every thread (the work, the JIT
 * compilers, GC, and in the live rows the in-process broker); thread CPU only the thread that ran the
 * step. On a shared 2-core machine wall-clock time swings with other load, CPU time much less.
 */
record Measured(long wallNanos, long cpuNanos, long threadCpuNanos, long jitMillis) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    Measured(long wallNanos, long cpuNanos, long threadCpuNanos) {
        this(wallNanos, cpuNanos, threadCpuNanos, 0);
    }

    double wallSeconds() {
        return wallNanos / 1e9;
    }

    double cpuSeconds() {
        return cpuNanos / 1e9;
    }

    double threadCpuSeconds() {
        return threadCpuNanos / 1e9;
    }

    /** Starts a measurement on the calling thread; {@link Start#stop()} on the same thread ends it. */
    static Start start() {
        return new Start(System.nanoTime(), processCpuNanos(), THREADS.getCurrentThreadCpuTime(), compileMillisSoFar());
    }

    record Start(long wall, long cpu, long threadCpu, long jit) {
        Measured stop() {
            return new Measured(System.nanoTime() - wall, processCpuNanos() - cpu,
                    THREADS.getCurrentThreadCpuTime() - threadCpu, compileMillisSoFar() - jit);
        }
    }

    /** Time the JIT compilers spent compiling (summed over its threads): the warm-up share of a short run. */
    static long compileMillisSoFar() {
        var compilation = ManagementFactory.getCompilationMXBean();
        return compilation != null && compilation.isCompilationTimeMonitoringSupported()
                ? compilation.getTotalCompilationTime() : 0;
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
