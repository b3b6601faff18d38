package io.hazardgate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The same work as {@link HotPathBenchmark}, timed by the thread's CPU time instead of the wall clock,
 * so that other processes competing for the cores (a shared build machine) do not count against it.
 * A complement to JMH, not a replacement: JMH's numbers are the reference on a quiet machine.
 *
 * <pre>java -Xmx512m -cp benchmarks/target/hazardgate-benchmarks.jar io.hazardgate.bench.HotPathCpuTime</pre>
 */
public final class HotPathCpuTime {
    private HotPathCpuTime() {}

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        HotPathBenchmark b = new HotPathBenchmark();
        b.setUp();
        int messagesPerRound = 200_000;
        long sink = 0;
        for (int i = 0; i < 2 * messagesPerRound; i++) sink += b.decodeAndEvaluate(); // warm up
        double[] evaluate = new double[10];
        double[] decode = new double[10];
        for (int round = 0; round < evaluate.length; round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < messagesPerRound; i++) sink += b.decodeAndEvaluate();
            long t1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < messagesPerRound; i++) sink += b.decodeOnly();
            long t2 = mx.getCurrentThreadCpuTime();
            evaluate[round] = (t1 - t0) / (double) messagesPerRound / HotPathBenchmark.READINGS;
            decode[round] = (t2 - t1) / (double) messagesPerRound / HotPathBenchmark.READINGS;
        }
        b.tearDown();
        Arrays.sort(evaluate);
        Arrays.sort(decode);
        System.out.printf("CPU ns per reading over %d rounds of %d readings (min / median / max)%n", evaluate.length,
                messagesPerRound * HotPathBenchmark.READINGS);
        System.out.printf("  decode + evaluate: %6.1f / %6.1f / %6.1f%n", evaluate[0], evaluate[evaluate.length / 2], evaluate[evaluate.length - 1]);
        System.out.printf("  decode only:       %6.1f / %6.1f / %6.1f%n", decode[0], decode[decode.length / 2], decode[decode.length - 1]);
        if (sink == 42) System.out.println();
    }
}
