package dev.convt.cli;

import dev.convt.bench.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Writes the files the command line is asked for ({@link AtomicFiles}: whole or not at all), with
 * the checks and messages of an output named by the user: no directory is created for it.
 */
final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * Writes {@code target} from {@code content} through a temporary file renamed onto it; on any
     * failure {@code target} is left as it was and the message names {@code target}.
     */
    static void replace(Path target, AtomicFiles.Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new FileSystemException(target.toString(), null, "is a directory, not a file name");
        }
        Path directory = absolute.getParent();
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "the output directory does not exist");
        }
        try {
            AtomicFiles.write(absolute, content);
        } catch (FileSystemException e) {
            // The temporary file's name would only confuse: report the file that was asked for.
            throw new FileSystemException(target.toString(), null, "cannot be written: " + Failures.reason(e));
        }
    }
}
