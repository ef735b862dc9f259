package dev.convt.engine;

/**
 * Work items that are (image, group, band of output rows, column block), numbered with the column
 * block varying fastest, so that an image's items are consecutive and a worker's image copy serves
 * several of them.
 */
record BandItems(int images, int groups, int bands, int blocks) {
    int count() {
        return images * groups * bands * blocks;
    }

    /** For the plans' descriptions. */
    String describe(int bandRows) {
        return "bands of " + bandRows + " output row(s), " + count() + " work item(s) (" + blocks + " channel block(s))";
    }

    int block(int item) {
        return item % blocks;
    }

    int band(int item) {
        return item / blocks % bands;
    }

    int group(int item) {
        return item / blocks / bands % groups;
    }

    int image(int item) {
        return item / blocks / bands / groups;
    }
}
