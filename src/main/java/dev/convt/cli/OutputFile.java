package dev.convt.cli;

import dev.convt.InvalidParameterException;
import java.io.IOException;
import java.nio.file.Path;

/** Writes an output file named by an option, turning a failure into the CLI's one-line message. */
final class OutputFile {
    private OutputFile() {
    }

    /** The write itself; it may fail with an IOException. */
    @FunctionalInterface
    interface Write {
        void run() throws IOException;
    }

    /** Runs {@code write}; on failure says which option's file could not be written, and why. */
    static void write(String option, Path file, Write write) {
        try {
            write.run();
        } catch (IOException e) {
            // Many IOExceptions carry only the path as message; the class name says what went wrong.
            throw new InvalidParameterException(option, file, "cannot be written (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }
}
