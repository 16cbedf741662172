package chatroom.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's open files, on the writer's side: no thread here, the test is the writer. */
class AppendersTest {

    private static final Instant T = Instant.parse("2026-12-02T12:00:00Z");

    @TempDir
    Path dir;

    private final Tally tally = new Tally();
    private Appenders appenders;

    private Appenders appenders() {
        RoomFiles files = new RoomFiles(dir);
        appenders = new Appenders(files, new HistoryReader(files), tally, 1 << 20, true);
        return appenders;
    }

    @AfterEach
    void close() throws Exception {
        appenders.closeAll(false);
    }

    private static Event said(long id, String room) {
        return new Event.Said(T, id, room, "alice", "message " + id, false);
    }

    @Test
    void aFileQuietForAMinuteIsClosedAndItsWritesAreStillForced() throws Exception {
        Appenders writer = appenders();
        writer.write("quiet", List.of(said(1, "quiet")));
        writer.write("busy", List.of(said(1, "busy")));
        assertThat(writer.inUse()).hasSize(2);

        writer.closeIdle(System.nanoTime() + Appenders.IDLE_CLOSE); // a minute on: both quiet since

        assertThat(writer.inUse()).as("descriptors given back").isEmpty();
        assertThat(writer.dirty()).as("written, not forced yet").isTrue();
        assertThat(writer.forceDirty()).isEqualTo(2);
        assertThat(writer.dirty()).isFalse();
        writer.write("quiet", List.of(said(2, "quiet")));
        assertThat(writer.inUse()).hasSize(1);
        assertThat(tally.written.get()).isEqualTo(3);
    }

    @Test
    void aFileWrittenWithinTheMinuteStaysOpen() throws Exception {
        Appenders writer = appenders();
        writer.write("busy", List.of(said(1, "busy")));

        writer.closeIdle(System.nanoTime());

        assertThat(writer.inUse()).hasSize(1);
    }

    @Test
    void aReleasedFileIsClosedAndForgottenSoItMayBeDeleted() throws Exception {
        Appenders writer = appenders();
        writer.write("flood", List.of(said(1, "flood")));
        Path file = writer.inUse().iterator().next();

        assertThat(writer.release(file)).isTrue();

        assertThat(writer.inUse()).isEmpty();
        assertThat(writer.dirty()).as("not forced: it is about to go").isFalse();
        assertThat(writer.release(file)).isFalse();
    }
}
