package dev.convt.engine;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Runs work items {@code [0, items)} on the calling thread and a ForkJoin pool's workers. The
 * calling thread takes the first {@code 1/threads} of the items itself and starts at once; the
 * workers share the rest, halved recursively down to about eight ranges per thread so that work
 * stealing evens them out. (Handing the whole range to the pool and waiting cost about 0.1 ms per
 * execution on the development machine: a wake-up for each worker and one for the caller.) A
 * worker of the pool that calls in simply joins the recursive split. Each range runs its items in
 * order on one thread. Items must write disjoint output cells; what each computes must not depend
 * on which thread runs it, so results are the same for every pool.
 */
final class WorkScheduler {
    /**
     * Below this much work, forking costs more than a second thread gains: a 3.3 MFLOP layer ran
     * slower on 2 threads, and DCGAN's 12.6 MFLOP RGB layer at batch 1 took 0.15 ms forked against
     * 0.11 on the calling thread alone (each thread copies the one image it works on). The tests
     * set it to 0 ({@code -Dconvt.inline.flops=0}) so that their small cases split across threads too.
     */
    static final double INLINE_FLOPS = Double.parseDouble(System.getProperty("convt.inline.flops", "16e6"));

    private WorkScheduler() {
    }

    @FunctionalInterface
    interface ItemRange {
        void run(int from, int to);
    }

    @FunctionalInterface
    interface Item<S> {
        void run(int item, S scratch);
    }

    /** {@link #run} item by item, each thread with its own scratch from {@code scratchPerThread}. */
    static <S> void forEach(ForkJoinPool pool, int items, double flops, ThreadLocal<S> scratchPerThread, Item<S> body) {
        run(pool, items, flops, (from, to) -> {
            S scratch = scratchPerThread.get();
            for (int item = from; item < to; item++) {
                body.run(item, scratch);
            }
        });
    }

    /** {@code pool}: whose workers join the calling thread; {@code null} runs everything on the calling thread. */
    static void run(ForkJoinPool pool, int items, double flops, ItemRange body) {
        int threads = Engines.effectiveParallelism(pool);
        if (threads == 1 || items <= 1 || flops < INLINE_FLOPS) {
            body.run(0, items);
            return;
        }
        int grain = Math.max(1, items / (8 * threads));
        if (ForkJoinTask.getPool() == pool) {
            new Split(0, items, grain, body).invoke();
            return;
        }
        int callerShare = items / threads;
        ForkJoinTask<Void> rest = pool.submit(new Split(callerShare, items, grain, body));
        try {
            body.run(0, callerShare);
        } finally {
            rest.quietlyJoin();
        }
        rest.join();
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
