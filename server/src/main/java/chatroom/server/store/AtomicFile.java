package chatroom.server.store;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a crash or a full disk at any moment leaves either the old file or
 * the new one whole, never a half-written one: write a temporary file beside it, force it to
 * the disk, rename it over the old one (atomic within a directory), then force the directory so
 * the rename itself survives a power cut.
 */
public final class AtomicFile {

    private AtomicFile() {}

    /** Writes {@code lines} (UTF-8, each ended by a newline) to {@code target}, readable by the owner only. */
    public static void write(Path target, Iterable<String> lines) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // On POSIX a temporary file is made rw------- (Files.createTempFile), and the rename keeps that.
        Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                Writer writer = Channels.newWriter(channel, StandardCharsets.UTF_8);
                for (String line : lines) {
                    writer.write(line);
                    writer.write('\n');
                }
                writer.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        forceDirectory(dir);
    }

    /**
     * Forces {@code dir}'s entries (a file made, renamed or deleted in it) to the disk, where the
     * platform can; elsewhere they are as durable as the file system makes them.
     */
    public static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform opens a directory (Windows does not): there the rename is as durable as the
            // file system makes it.
        }
    }
}
