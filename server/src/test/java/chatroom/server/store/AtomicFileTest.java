package chatroom.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void writesTheLinesInUtf8() throws Exception {
        Path file = dir.resolve("bans.tsv");

        AtomicFile.write(file, List.of("# header", "caf\u00e9"));

        assertThat(Files.readString(file)).isEqualTo("# header\ncaf\u00e9\n");
    }

    @Test
    void replacesTheOldFileWhole() throws Exception {
        Path file = Files.writeString(dir.resolve("bans.tsv"), "old\nlonger old line\n");

        AtomicFile.write(file, List.of("new"));

        assertThat(Files.readString(file)).isEqualTo("new\n");
        assertThat(filesIn(dir)).containsExactly("bans.tsv");
    }

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldFileAndNoTemporaryOne() throws Exception {
        Path file = Files.writeString(dir.resolve("bans.tsv"), "old\n");
        // The new content fails after its first line is written: as a full disk would.
        Iterable<String> failing = () -> new Iterator<>() {
            private int given;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                if (given++ == 1) {
                    throw new IllegalStateException("disk full");
                }
                return "new";
            }
        };

        assertThatThrownBy(() -> AtomicFile.write(file, failing)).hasMessage("disk full");

        assertThat(Files.readString(file)).isEqualTo("old\n");
        assertThat(filesIn(dir)).containsExactly("bans.tsv");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void onlyTheOwnerMayReadOrWriteIt() throws Exception {
        Path file = Files.writeString(dir.resolve("bans.tsv"), "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        AtomicFile.write(file, List.of("new"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
