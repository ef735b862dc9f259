package dev.convt.engine;

/**
 * A group's output channels cut into panels (the widths a micro-kernel computes at once) and the
 * panels into column blocks (the channel range of one work item). Panels are given by their start
 * channels, {@code panelStart[j]} to {@code panelStart[j + 1]}; blocks by their first panels.
 */
final class ColumnBlocks {
    /** Largest column block, in channels. */
    static final int MAX_CHANNELS = 512;

    private ColumnBlocks() {
    }

    /** Starts of panels of {@code panel} channels (the last one narrower) covering {@code channels}, plus the end. */
    static int[] panelStarts(int channels, int panel) {
        int[] start = new int[Math.ceilDiv(channels, panel) + 1];
        for (int j = 1; j < start.length; j++) {
            start[j] = Math.min(channels, j * panel);
        }
        return start;
    }

    /** The panel starts for the given widths, plus the end. */
    static int[] panelStarts(int[] widths) {
        int[] start = new int[widths.length + 1];
        for (int j = 0; j < widths.length; j++) {
            start[j + 1] = start[j] + widths[j];
        }
        return start;
    }

    /**
     * First panel of each column block, plus the panel count: at most {@link #MAX_CHANNELS} channels
     * per block, and more blocks while {@code rowItems} (work items per column block) times the
     * blocks is fewer than twice the parallelism.
     */
    static int[] split(int[] panelStart, int parallelism, long rowItems) {
        int panels = panelStart.length - 1;
        int blocks = Math.ceilDiv(panelStart[panels], MAX_CHANNELS);
        while (rowItems * blocks < 2L * parallelism && blocks < panels) {
            blocks++;
        }
        blocks = Math.min(Math.max(blocks, 1), Math.max(panels, 1));
        int[] first = new int[blocks + 1];
        for (int b = 0; b <= blocks; b++) {
            first[b] = (int) ((long) panels * b / blocks);
        }
        return first;
    }

    /** Channels in the widest of the blocks {@code firstPanel} (at least 1). */
    static int widest(int[] panelStart, int[] firstPanel) {
        int widest = 1;
        for (int b = 0; b + 1 < firstPanel.length; b++) {
            widest = Math.max(widest, panelStart[firstPanel[b + 1]] - panelStart[firstPanel[b]]);
        }
        return widest;
    }
}
