package dev.convt.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/** Writes output files whole or not at all: into a temporary file beside the target, then renamed. */
final class OutputFiles {
    private OutputFiles() {
    }

    /** Writes a file given its path; {@link #replace} hands it the temporary file. */
    @FunctionalInterface
    interface Writer {
        void writeTo(Path file) throws IOException;
    }

    /**
     * Lets {@code writer} fill a new file in {@code target}'s directory, then renames it onto
     * {@code target} in one step; on any failure the temporary file is removed and {@code target}
     * is left as it was.
     */
    static void replace(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new FileSystemException(target.toString(), null, "is a directory, not a file name");
        }
        Path directory = absolute.getParent();
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "the output directory does not exist");
        }
        // Named here rather than by Files.createTempFile, which would give the result mode 0600 instead of the umask's.
        Path temporary = directory.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean renamed = false;
        try {
            Files.createFile(temporary);
            writer.writeTo(temporary);
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            renamed = true;
        } catch (FileSystemException e) {
            // The temporary file's name would only confuse: report the file that was asked for.
            throw new FileSystemException(target.toString(), null, "cannot be written: " + Failures.reason(e));
        } finally {
            if (!renamed) {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
