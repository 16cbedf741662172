package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator's fast path must read JSON message events exactly as the protocol's own codec writes them. */
class JsonMessageTest {

    private static final Instant TS = Instant.parse("2026-12-01T12:34:56.789Z");
    private final JsonCodec codec = new JsonCodec();

    @Test
    void findsTheTextOfAMessageAsTheCodecEncodesIt() {
        assertThat(text(codec.encode(said("lobby", "b00001", "1 2 3....", false)))).isEqualTo("1 2 3....");
        assertThat(text(codec.encode(said("lobby", "b00001", "1 2 3....", true)))).as("an echo").isEqualTo("1 2 3....");
        assertThat(text(codec.encode(said("lobby", "x", "", false)))).isEmpty();
        assertThat(text(codec.encode(said("text", "text", "0 -5 7", false)))).as("names that are the key")
                .isEqualTo("0 -5 7");
    }

    @Test
    void rejectsEveryOtherEventTheServerSends() {
        List<Event> others = List.of(
                new Event.Action(TS, 1, "lobby", "b00001", "waves", false),
                new Event.Private(TS, "b00001", "b00002", "private", false),
                new Event.Summary(TS, "lobby", 37, 5, 4210),
                new Event.Joined(TS, "lobby", "b00002"),
                new Event.Left(TS, "lobby", "b00002", "quit"),
                new Event.HistoryStart(TS, "lobby", 3, -1, 0),
                new Event.Notice(TS, "text"),
                Problem.TOO_LONG.count(TS, 4096),
                new Event.ShuttingDown(TS));
        for (Event event : others) {
            assertThat(text(codec.encode(event))).as("%s", event).isNull();
        }
        assertThat(text("{\"type\":\"said\",")).isNull();
    }

    @Test
    void anErrorIsAnErrorAndNothingElseIs() {
        assertThat(isError(codec.encode(Problem.TOO_LONG.count(TS, 4096)))).isTrue();
        assertThat(isError(codec.encode(new Event.Notice(TS, "{\"type\":\"error\",")))).isFalse();
        assertThat(isError(codec.encode(said("lobby", "x", "error", false)))).isFalse();
    }

    private static Event said(String room, String from, String text, boolean echo) {
        return new Event.Said(TS, 1, room, from, text, echo);
    }

    private static String text(String event) {
        byte[] bytes = ("xx" + event).getBytes(StandardCharsets.UTF_8);
        int offset = JsonMessage.textOffset(bytes, 2, bytes.length - 2);
        return offset < 0 ? null
                : new String(bytes, offset, JsonMessage.textEnd(bytes, offset, bytes.length) - offset, StandardCharsets.UTF_8);
    }

    private static boolean isError(String event) {
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        return JsonMessage.isError(bytes, 0, bytes.length);
    }
}
