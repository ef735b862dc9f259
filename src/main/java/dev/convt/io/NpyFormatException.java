package dev.convt.io;

import java.io.IOException;

/**
 * A file or byte array that is not a .npy array convt can read: bad magic, an unsupported format
 * version, a malformed header, a dtype other than float32/float64, Fortran order, or data shorter
 * or longer than the header declares. The message is one line and starts with the source's name.
 */
public final class NpyFormatException extends IOException {
    public NpyFormatException(String source, String problem) {
        // Header text comes from the file and may hold newlines or other control characters.
        super((source + ": " + problem).replaceAll("\\p{Cntrl}", "?"));
    }
}
