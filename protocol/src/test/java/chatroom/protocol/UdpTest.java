package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UdpTest {

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class Codes {

        @Test
        void aCodeIsFourDigitsADashAndFourDigits() {
            assertThat(Udp.code(0)).isEqualTo("0000-0000");
            assertThat(Udp.code(48_217_753)).isEqualTo("4821-7753");
            assertThat(Udp.code(Udp.CODES - 1)).isEqualTo("9999-9999");
            assertThat(Udp.code(1_234)).hasSize(Udp.CODE_LENGTH);
        }

        @Test
        void thereIsNoCodeOutsideTheRange() {
            assertThatThrownBy(() -> Udp.code(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Udp.code(Udp.CODES)).isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest
        @ValueSource(longs = {0, 1, 9_999, 10_000, 48_217_753, 99_999_999})
        void aDatagramThatStartsWithACodeGivesItsValueBack(long value) {
            String code = Udp.code(value);
            for (String datagram : new String[] {code, code + " alice", code + "\tbob", code + "\r\n", code + "\n"}) {
                ByteBuffer in = bytes(datagram);
                assertThat(Udp.codeAt(in)).as(datagram).isEqualTo(value);
                assertThat(in.position()).isZero();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "4821-775", "4821_7753", "48217753x", "4821-7753x", "4821-77a3", " 4821-7753",
                "482-17753", "alice", "４８２１-７７５３"})
        void anythingElseIsNoCode(String datagram) {
            assertThat(Udp.codeAt(bytes(datagram))).isEqualTo(-1);
        }

        @Test
        void theCodeIsFoundFromTheBuffersPosition() {
            ByteBuffer in = bytes("xx4821-7753 alice");
            in.position(2);
            assertThat(Udp.codeAt(in)).isEqualTo(48_217_753);
            assertThat(Udp.codeBytes(in)).isEqualTo(Udp.CODE_LENGTH + 1);
        }

        @Test
        void aCodeTakesOneSpaceOrTabAfterIt() {
            assertThat(Udp.codeBytes(bytes("4821-7753"))).isEqualTo(Udp.CODE_LENGTH);
            assertThat(Udp.codeBytes(bytes("4821-7753\n"))).isEqualTo(Udp.CODE_LENGTH);
            assertThat(Udp.codeBytes(bytes("4821-7753  alice"))).isEqualTo(Udp.CODE_LENGTH + 1);
            assertThat(Udp.codeBytes(bytes("4821-7753\talice"))).isEqualTo(Udp.CODE_LENGTH + 1);
        }
    }

    @Nested
    class Hello {

        @Test
        void theHelloLineIsANoticeThatParsesBackToItsCode() {
            String line = Udp.hello(48_217_753);
            assertThat(line).startsWith(TextCodec.NOTICE).endsWith("4821-7753");
            assertThat(Udp.parseHello(line)).isEqualTo("4821-7753");
            assertThat(Udp.parseHello(line + "\r\n")).isEqualTo("4821-7753");
        }

        @Test
        void theDatagramIsTheLineAndCrLf() {
            byte[] datagram = Udp.helloDatagram(7);
            assertThat(new String(datagram, StandardCharsets.US_ASCII)).isEqualTo(Udp.hello(7) + "\r\n");
        }

        @Test
        void otherLinesAreNoHello() {
            String line = Udp.hello(1);
            assertThat(Udp.parseHello(line.substring(0, line.length() - 1))).isNull();
            assertThat(Udp.parseHello(line + "0")).isNull();
            assertThat(Udp.parseHello(line.replace("0000-0001", "0000-000x"))).isNull();
            assertThat(Udp.parseHello("*** Welcome to chatroom!")).isNull();
            assertThat(Udp.parseHello("")).isNull();
        }

        @Test
        void theStayLineParsesBackToItsCodeAndIsNoHello() {
            String line = Udp.stay(7);
            assertThat(Udp.parseStay(line)).isEqualTo("0000-0007");
            assertThat(Udp.parseHello(line)).isNull();
            assertThat(Udp.parseStay(Udp.hello(7))).isNull();
            assertThat(new String(Udp.stayDatagram(7), StandardCharsets.US_ASCII)).isEqualTo(line + "\r\n");
        }

        /** The hello must fit the reply to any datagram at all, an empty one and a one-byte one included. */
        @Test
        void theHelloFitsTheAllowanceOfTheSmallestDatagram() {
            int hello = Udp.helloDatagram(Udp.CODES - 1).length;
            assertThat(hello).isLessThanOrEqualTo(Udp.replyAllowance(0, false));
            assertThat(Udp.replyAllowance(1, false)).isEqualTo(3 * (1 + 28) - 28);
            assertThat(Udp.replyAllowance(1, true)).isEqualTo(3 * (1 + 48) - 48);
        }
    }

    @Test
    void exitAloneLeaves() {
        assertThat(Udp.isExit("exit")).isTrue();
        assertThat(Udp.isExit("  exit \r")).isTrue();
        assertThat(Udp.isExit("exit now")).isFalse();
        assertThat(Udp.isExit("EXIT")).isFalse();
        assertThat(Udp.isExit("/exit")).isFalse();
    }
}
