package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageLineTest {

    @Test
    void findsTheTextOfAMessage() {
        assertThat(text("[12:34:56] <b00001> 1 2 3....")).isEqualTo("1 2 3....");
        assertThat(text("[12:34:56] <x> ")).isEmpty();
    }

    @Test
    void rejectsEverythingElseTheServerSends() {
        assertThat(text("[12:34:56] * b00001 waves")).isNull();
        assertThat(text("[12:34:56] *b00001* private")).isNull();
        assertThat(text("[12:34:56] -> *b00001* private")).isNull();
        assertThat(text("*** 37 joined, 5 left (4,210 here)")).isNull();
        assertThat(text("*** b00002 joined lobby")).isNull();
        assertThat(text("!!! Line too long (over 4,096 bytes), not sent")).isNull();
        assertThat(text("[12:34:56] <b00001>")).isNull();
        assertThat(text("")).isNull();
    }

    private static String text(String line) {
        byte[] bytes = ("xx" + line).getBytes(StandardCharsets.UTF_8);
        int offset = MessageLine.textOffset(bytes, 2, bytes.length - 2);
        return offset < 0 ? null : new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
    }
}
