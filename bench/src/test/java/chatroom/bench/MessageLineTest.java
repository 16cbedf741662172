package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.Problem;
import chatroom.protocol.TextCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator's fast path must read message lines exactly as the server's own encoder writes them. */
class MessageLineTest {

    private static final Instant TS = Instant.parse("2026-12-01T12:34:56.789Z");
    private final TextCodec codec = new TextCodec(ZoneOffset.UTC);

    @Test
    void findsTheTextOfAMessageAsTheServerEncodesIt() {
        assertThat(text(codec.encode(said("b00001", "1 2 3....")))).isEqualTo("1 2 3....");
        assertThat(text(codec.encode(said("x", "")))).isEmpty();
        assertThat(text(codec.encode(said("b00001", "a > b <c> d")))).isEqualTo("a > b <c> d");
        assertThat(text(codec.encode(said("abcdefghijklmnopqrstuvwx", "é ✓")))).isEqualTo("é ✓");
    }

    @Test
    void rejectsEveryOtherLineTheServerSends() {
        List<Event> others = List.of(
                new Event.Action(TS, 1, "lobby", "b00001", "waves", false),
                new Event.Private(TS, "b00001", "b00002", "private", false),
                new Event.Private(TS, "b00001", "b00002", "private", true),
                new Event.Summary(TS, "lobby", 37, 5, 4210),
                new Event.Joined(TS, "lobby", "b00002"),
                new Event.Left(TS, "lobby", "b00002", "quit: <b00001> x"),
                new Event.HistoryStart(TS, "lobby", 3, -1, 0),
                Problem.TOO_LONG.count(TS, 4096),
                new Event.ShuttingDown(TS));
        for (Event event : others) {
            assertThat(text(codec.encode(event))).as("%s", event).isNull();
        }
        assertThat(text("[12:34:56] <b00001>")).isNull();
        assertThat(text("")).isNull();
    }

    private static Event said(String from, String text) {
        return new Event.Said(TS, 1, "lobby", from, text, false);
    }

    private static String text(String line) {
        byte[] bytes = ("xx" + line).getBytes(StandardCharsets.UTF_8);
        int offset = MessageLine.textOffset(bytes, 2, bytes.length - 2);
        return offset < 0 ? null : new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
    }
}
