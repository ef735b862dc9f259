package dev.convt.engine;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Runs work items {@code [0, items)} on a ForkJoin pool: the range is halved recursively down to
 * about eight ranges per thread (room for work stealing to even out), and each leaf runs its
 * items in order on one thread. Items must write disjoint output cells; what each computes must
 * not depend on which thread runs it, so results are the same for every pool.
 */
final class WorkScheduler {
    /** Below this much work, forking costs more than a second thread gains (measured: a 3.3 MFLOP layer ran slower on 2). */
    static final double INLINE_FLOPS = 4e6;

    private WorkScheduler() {
    }

    @FunctionalInterface
    interface ItemRange {
        void run(int from, int to);
    }

    static void run(ForkJoinPool pool, int items, double flops, ItemRange body) {
        int threads = Engines.effectiveParallelism(pool);
        if (threads == 1 || items <= 1 || flops < INLINE_FLOPS) {
            body.run(0, items);
        } else {
            pool.invoke(new Split(0, items, Math.max(1, items / (8 * threads)), body));
        }
    }

    private static final class Split extends RecursiveAction {
        private final int from;
        private final int to;
        private final int grain;
        private final ItemRange body;

        Split(int from, int to, int grain, ItemRange body) {
            this.from = from;
            this.to = to;
            this.grain = grain;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from <= grain) {
                body.run(from, to);
            } else {
                int mid = (from + to) >>> 1;
                invokeAll(new Split(from, mid, grain, body), new Split(mid, to, grain, body));
            }
        }
    }
}
