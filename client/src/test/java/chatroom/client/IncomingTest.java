package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.TextCodec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IncomingTest {

    private static final Instant TS = Instant.parse("2026-01-15T12:00:00Z");

    @Test
    void aJsonLineIsItsEvent() {
        Event said = new Event.Said(TS, 42, "dev", "bob", "hi", true);
        assertThat(Incoming.decode(new JsonCodec().encode(said))).isEqualTo(said);
    }

    @Test
    void aTextLineIsItsEventToo() {
        String question = new TextCodec(ZoneOffset.UTC).encode(new Event.AskName(TS));
        assertThat(Incoming.decode(question)).isInstanceOf(Event.AskName.class);
    }

    @Test
    void aMessageAsATextLineIsShownAsItCameSinceItsTimeIsTheServersClockFace() {
        String line = new TextCodec(ZoneId.of("Asia/Tokyo")).encode(new Event.Said(TS, 1, "dev", "bob", "hi", false));
        assertThat(Incoming.decode(line)).isEqualTo(new Event.Other(null, null, "[21:00:00] <bob> hi"));
    }

    @Test
    void whatComesIsCleaned() {
        Event said = new Event.Said(TS, 1, "dev", "bob", "\u001b[2J\u0007", false);
        assertThat(Incoming.decode(new JsonCodec().encode(said))).isEqualTo(
                new Event.Said(TS, 1, "dev", "bob", "␛[2J␇", false));
        assertThat(Incoming.decode("*** \u001b[31mred")).isEqualTo(new Event.Notice(null, "␛[31mred"));
    }

    @Test
    void aBrokenJsonLineIsShownAsItCame() {
        assertThat(Incoming.decode("{\"type\":\"said\",\"id\":\"x\u0007\"}"))
                .isEqualTo(new Event.Other(null, null, "{\"type\":\"said\",\"id\":\"x␇\"}"));
        assertThat(Incoming.decode("{not json")).isEqualTo(new Event.Other(null, null, "{not json"));
    }
}
