package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespReaderTest {

    /** Every element the reader reported, as text: "*3", "$message", "$null", ":1", "+OK", "-ERR x", "!why". */
    private final List<String> events = new ArrayList<>();
    private final RespReader.Handler handler = new RespReader.Handler() {
        @Override
        public void arrayStart(int length) {
            events.add("*" + length);
        }

        @Override
        public void bulk(byte[] bytes, int offset, int length) {
            events.add(length < 0 ? "$null" : "$" + new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void integer(long value) {
            events.add(":" + value);
        }

        @Override
        public void simple(byte[] bytes, int offset, int length) {
            events.add("+" + new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void error(byte[] bytes, int offset, int length) {
            events.add("-" + new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void malformed(String why) {
            events.add("!" + why);
        }
    };
    private final RespReader reader = new RespReader(handler);

    private static final String STREAM = "*3\r\n$9\r\nsubscribe\r\n$5\r\nlobby\r\n:1\r\n"
            + "*3\r\n$7\r\nmessage\r\n$5\r\nlobby\r\n$12\r\n0 1 5.......\r\n"
            + ":100\r\n+OK\r\n-ERR unknown command\r\n$-1\r\n*-1\r\n$0\r\n\r\n:-42\r\n"
            + "*3\r\n$7\r\nmessage\r\n$5\r\nlobby\r\n$4\r\na\r\nb\r\n";
    private static final List<String> EVENTS = List.of(
            "*3", "$subscribe", "$lobby", ":1",
            "*3", "$message", "$lobby", "$0 1 5.......",
            ":100", "+OK", "-ERR unknown command", "$null", "*-1", "$", ":-42",
            "*3", "$message", "$lobby", "$a\r\nb");

    @Test
    void readsPushesRepliesAndErrorsInOnePiece() {
        feed(STREAM);
        assertThat(events).isEqualTo(EVENTS);
    }

    @Test
    void readsTheSameWhereverTheStreamIsCut() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < bytes.length; cut++) {
            events.clear();
            RespReader fresh = new RespReader(handler);
            fresh.feed(bytes, 0, cut);
            fresh.feed(bytes, cut, bytes.length - cut);
            assertThat(events).as("cut at %d", cut).isEqualTo(EVENTS);
        }
    }

    @Test
    void readsTheSameOneByteAtATime() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            reader.feed(bytes, i, 1);
        }
        assertThat(events).isEqualTo(EVENTS);
    }

    @Test
    void slicesAreOfTheBytesFedAtTheirOffset() {
        byte[] bytes = ("xx" + "$3\r\nabc\r\n" + "yy").getBytes(StandardCharsets.UTF_8);
        reader.feed(bytes, 2, bytes.length - 4);
        assertThat(events).containsExactly("$abc");
    }

    @Test
    void somethingThatIsNotRespIsReportedOnceAndTheRestIgnored() {
        feed("+OK\r\nHTTP/1.1 400\r\n:1\r\n");
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo("+OK");
        assertThat(events.get(1)).startsWith("!unexpected type byte");
        assertThat(reader.isBroken()).isTrue();
    }

    @Test
    void aBulkStringMustEndInCrLf() {
        feed("$3\r\nabcd\r\n");
        assertThat(events).containsExactly("$abc", "!no CR after a bulk string");
    }

    @Test
    void lengthsMustBeNumbers() {
        feed("$x\r\n");
        assertThat(events).containsExactly("!bad number");
    }

    private void feed(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        reader.feed(bytes, 0, bytes.length);
    }
}
