package dev.convt.cli;

import dev.convt.InvalidParameterException;
import dev.convt.io.NpyFormatException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns whatever a command throws into the one line the user reads. */
final class Failures {
    private Failures() {
    }

    static String describe(Throwable failure) {
        return oneLine(switch (failure) {
            case InvalidParameterException e -> e.getMessage();
            case NpyFormatException e -> e.getMessage();
            case FileSystemException e -> e.getFile() + ": " + reason(e);
            case IOException e -> "input/output error: " + e.getMessage();
            case OutOfMemoryError e -> "out of memory (" + e.getMessage() + "); give Java more heap, e.g. CONVT_JAVA_OPTS=-Xmx16g scripts/convt ...";
            default -> "internal error: " + failure + atFirstFrame(failure);
        });
    }

    /** What went wrong with a file, without its name. */
    static String reason(FileSystemException failure) {
        if (failure.getReason() != null) {
            return failure.getReason();
        }
        return switch (failure) {
            case NoSuchFileException e -> "no such file or directory";
            case AccessDeniedException e -> "permission denied";
            default -> failure.getClass().getSimpleName();
        };
    }

    /** Where an unexpected exception came from, so that a one-line report can still be traced. */
    private static String atFirstFrame(Throwable failure) {
        StackTraceElement[] trace = failure.getStackTrace();
        return trace.length == 0 ? "" : " (at " + trace[0] + ")";
    }

    /** Messages can carry file names or header text with line breaks; the user gets one line. */
    static String oneLine(String message) {
        return String.valueOf(message).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
