package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Event;
import chatroom.protocol.TextCodec;
import chatroom.protocol.Udp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The UDP user's way in, as lines: the protocol module makes every line the server would send. */
class CodeExchangeTest {

    private static final Instant TS = Instant.parse("2026-12-02T12:00:00Z");
    private final TextCodec codec = new TextCodec(ZoneOffset.UTC);
    private final CodeExchange exchange = new CodeExchange("b00001");

    @Test
    void asksWithAPingAndJoinsWithTheCodeAndTheNameInOneDatagram() {
        assertThat(exchange.start()).isEqualTo(CommandSpec.PING.word());
        assertThat(exchange.state()).isEqualTo(CodeExchange.State.ASKING);
        assertThat(exchange.onHello(Udp.hello(48_217_753))).isEqualTo("4821-7753 b00001");
        assertThat(exchange.state()).isEqualTo(CodeExchange.State.JOINING);
    }

    @Test
    void takesTheHelloLineWithItsLineEnd() {
        String datagram = new String(Udp.helloDatagram(7), StandardCharsets.US_ASCII);
        assertThat(exchange.onHello(datagram)).isEqualTo(Udp.code(7) + " b00001");
    }

    @Test
    void ignoresAnythingButAHelloWhileAsking() {
        assertThat(exchange.onHello(codec.encode(new Event.Pong(TS)))).isNull();
        assertThat(exchange.onHello("*** Send this code to join: 12-34")).isNull();
        assertThat(exchange.state()).isEqualTo(CodeExchange.State.ASKING);
    }

    @Test
    void aHelloInsteadOfAWelcomeJoinsAgainWithTheNewCode() {
        exchange.onHello(Udp.hello(1));
        assertThat(exchange.onHello(Udp.hello(2))).isEqualTo(Udp.code(2) + " b00001");
        assertThat(exchange.state()).isEqualTo(CodeExchange.State.JOINING);
    }

    @Test
    void onceTheSessionHasSpokenAHelloJoinsNothing() {
        exchange.onHello(Udp.hello(1));
        exchange.heard();
        assertThat(exchange.onHello(Udp.hello(2))).isNull();
    }

    @Nested
    class WhenQuiet {

        @Test
        void asksAgainAfterASecondWithoutACode() {
            assertThat(exchange.due(CodeExchange.RETRY_NANOS - 1)).isNull();
            assertThat(exchange.due(CodeExchange.RETRY_NANOS)).isEqualTo(CommandSpec.PING.word());
        }

        @Test
        void waitsTwiceAsLongBeforeEachNextTryUpToEightSeconds() {
            long second = CodeExchange.RETRY_NANOS;
            assertThat(exchange.due(second)).isNotNull();
            assertThat(exchange.due(2 * second - 1)).isNull();
            assertThat(exchange.due(2 * second)).isNotNull();
            assertThat(exchange.due(4 * second)).isNotNull();
            assertThat(exchange.due(8 * second)).isNotNull();
            assertThat(exchange.due(8 * second)).isNotNull();
            assertThat(exchange.due(8 * second - 1)).isNull();
        }

        @Test
        void joinsAgainWithTheCodeAloneWhileTheServerSaysNothing() {
            exchange.onHello(Udp.hello(1));
            assertThat(exchange.due(CodeExchange.RETRY_NANOS - 1)).isNull();
            assertThat(exchange.due(CodeExchange.RETRY_NANOS)).isEqualTo(Udp.code(1));
            assertThat(exchange.state()).isEqualTo(CodeExchange.State.JOINING);
        }

        @Test
        void onceTheServerHasSaidAnythingOnlyKeepsTheSessionAlive() {
            exchange.onHello(Udp.hello(1));
            exchange.heard();
            assertThat(exchange.state()).isEqualTo(CodeExchange.State.JOINED);
            assertThat(exchange.due(CodeExchange.RETRY_NANOS)).isNull();
            assertThat(exchange.due(CodeExchange.KEEPALIVE_NANOS)).isEqualTo(CommandSpec.PING.word());
        }

        @Test
        void hearingSomethingBeforeTheCodeChangesNothing() {
            exchange.heard();
            assertThat(exchange.state()).isEqualTo(CodeExchange.State.ASKING);
        }
    }

    @Nested
    class InASession {

        @Test
        void aHelloLineMeansTheServerForgotTheUser() {
            assertThat(isHello(Udp.hello(99_999_999))).isTrue();
        }

        @Test
        void everyOtherLineIsNot() {
            List<Event> others = List.of(
                    new Event.Pong(TS),
                    new Event.Said(TS, 1, "lobby", "alice", "*** Send this code to join: 4821-7753", false),
                    new Event.Joined(TS, "lobby", "alice"));
            for (Event event : others) {
                assertThat(isHello(codec.encode(event))).as(codec.encode(event)).isFalse();
            }
            assertThat(isHello(Udp.hello(1).replace('-', '+'))).isFalse();
        }

        @Test
        void aStayLineAsksForItsCodeBack() {
            assertThat(stayCode(Udp.stay(12_345_678))).isEqualTo("1234-5678");
            assertThat(stayCode(Udp.hello(12_345_678))).isNull();
            assertThat(isHello(Udp.stay(12_345_678))).isFalse();
            assertThat(stayCode(codec.encode(new Event.Pong(TS)))).isNull();
        }

        private String stayCode(String line) {
            byte[] bytes = ("#" + line).getBytes(StandardCharsets.US_ASCII);
            return CodeExchange.stayCode(bytes, 1, bytes.length - 1);
        }

        private boolean isHello(String line) {
            byte[] bytes = ("#" + line).getBytes(StandardCharsets.US_ASCII);
            return CodeExchange.isHello(bytes, 1, bytes.length - 1);
        }
    }
}
