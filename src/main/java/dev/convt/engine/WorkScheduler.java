package dev.convt.engine;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs work items {@code [0, items)} on the calling thread and a ForkJoin pool's workers. The
 * calling thread starts at once, taking items one at a time from the front. Each worker, when
 * it starts, claims a contiguous share of what is left from the back (the unclaimed items over
 * the threads still to claim, itself and the caller included) and splits it recursively down to
 * about eight ranges per thread, so that work stealing evens out the workers. A worker that wakes
 * late (tens of microseconds on the development machine) thus finds the caller already further
 * on and takes less, instead of the caller waiting for a fixed half. (Handing the whole range to
 * the pool and waiting cost about 0.1 ms per execution: a wake-up for each worker and one for the
 * caller.) Each thread runs the items of a range in order, and ranges stay contiguous so that
 * consecutive items share input copies. Items must write disjoint output cells; what each
 * computes must not depend on which thread runs it, so results are the same for every pool.
 */
final class WorkScheduler {
    /**
     * Below this much work, forking costs about what a second thread gains (a 0.26 MFLOP layer:
     * 0.005 ms on the calling thread, 0.006 forked; from 1 MFLOP up, forking paid on every layer
     * measured). The tests set it to 0 ({@code -Dconvt.inline.flops=0}) so that their small cases
     * split across threads too.
     */
    static final double INLINE_FLOPS = Double.parseDouble(System.getProperty("convt.inline.flops", "1e6"));

    /**
     * How long the calling thread, out of items, spins for a worker still on its share before
     * parking, in all (not per worker). Waking a parked thread costs tens of microseconds here, as
     * much as the whole second half of a small layer (two threads: the 1x1 noise projection 0.084
     * -> 0.058 ms, DCGAN's 8x8 layer at batch 1 0.62 -> 0.56). Short, because the spinning caller
     * would take the core from a worker that has to share one: with spins of 200 us and 1 ms,
     * U-Net's K2 layer at batch 1 took 5.3 and 4.5 ms instead of 2.6.
     */
    static final long JOIN_SPIN_NANOS = 50_000;

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

    /** Field {@code field} of every work item, for items listed as int arrays while a plan is made. */
    static int[] column(List<int[]> items, int field) {
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = items.get(i)[field];
        }
        return out;
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
        // No more workers than items besides the caller's first: each one woken costs a wake-up,
        // and the caller waits for it to start.
        int helpers = Math.min(threads - 1, items - 1);
        Unclaimed unclaimed = new Unclaimed(items, helpers);
        boolean insidePool = ForkJoinTask.getPool() == pool;
        Split[] workers = new Split[helpers];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Split(unclaimed, grain, body);
            if (insidePool) {
                workers[i].fork();
            } else {
                pool.execute(workers[i]);
            }
        }
        try {
            for (int from; (from = unclaimed.front()) >= 0; ) {
                body.run(from, from + 1);
            }
        } finally {
            long spinDeadline = System.nanoTime() + JOIN_SPIN_NANOS;
            for (Split worker : workers) {
                spinWhileRunning(worker, spinDeadline);
                worker.quietlyJoin();
            }
        }
        for (Split worker : workers) {
            worker.join();
        }
    }

    /**
     * Spins until {@code deadline} ({@link System#nanoTime}) while {@code worker} runs the share it
     * claimed. One that has not started is left to {@code quietlyJoin}: that runs it on the calling
     * thread (where it finds nothing left) when the caller is inside the pool or the pool is the
     * common pool; with a pool of its own, an outside caller parks until a worker has run it.
     */
    private static void spinWhileRunning(Split worker, long deadline) {
        while (worker.claimed && !worker.isDone() && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
    }

    /** The items nobody has claimed yet, {@code [front, back)}, packed into one atomic long. */
    private static final class Unclaimed {
        private final AtomicLong range;
        private final AtomicInteger workersToClaim;

        Unclaimed(int items, int workers) {
            range = new AtomicLong(items & 0xFFFF_FFFFL);
            workersToClaim = new AtomicInteger(workers);
        }

        /** The caller's next item from the front, or -1 when none is left. */
        int front() {
            while (true) {
                long now = range.get();
                int front = (int) (now >>> 32);
                int back = (int) now;
                if (front >= back) {
                    return -1;
                }
                if (range.compareAndSet(now, pack(front + 1, back))) {
                    return front;
                }
            }
        }

        /** A starting worker's share from the back, as {@code [from, to)} packed; empty when nothing is left. */
        long back() {
            int claimants = workersToClaim.getAndDecrement() + 1;
            while (true) {
                long now = range.get();
                int front = (int) (now >>> 32);
                int back = (int) now;
                // Rounded up: the caller is still on the items it took last.
                int share = Math.ceilDiv(Math.max(0, back - front), claimants);
                if (range.compareAndSet(now, pack(front, back - share))) {
                    return pack(back - share, back);
                }
            }
        }

        private static long pack(int front, int back) {
            return (long) front << 32 | back & 0xFFFF_FFFFL;
        }
    }

    private static final class Split extends RecursiveAction {
        private final Unclaimed unclaimed;
        private int from;
        private int to;
        private final int grain;
        private final ItemRange body;
        /** Set once a worker's share is claimed, for {@link #spinWhileRunning}. */
        private volatile boolean claimed;

        /** A worker's share, claimed when it starts. */
        Split(Unclaimed unclaimed, int grain, ItemRange body) {
            this(unclaimed, -1, -1, grain, body);
        }

        private Split(Unclaimed unclaimed, int from, int to, int grain, ItemRange body) {
            this.unclaimed = unclaimed;
            this.from = from;
            this.to = to;
            this.grain = grain;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (from < 0) {
                long share = unclaimed.back();
                from = (int) (share >>> 32);
                to = (int) share;
                claimed = true;
                if (from == to) {
                    // Woken after the caller took everything: no scratch to set up for nothing.
                    return;
                }
            }
            if (to - from <= grain) {
                body.run(from, to);
            } else {
                int mid = (from + to) >>> 1;
                invokeAll(new Split(unclaimed, from, mid, grain, body), new Split(unclaimed, mid, to, grain, body));
            }
        }
    }
}
