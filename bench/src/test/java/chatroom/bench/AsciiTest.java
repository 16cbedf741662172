package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsciiTest {

    @Test
    void writesDecimalsOfEveryWidthAndSign() {
        long[] values = {0, 7, -7, 10, 99, 100, -100, 1_234_567_890_123L, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MIN_VALUE + 1};
        for (long value : values) {
            byte[] a = new byte[24];
            int end = Ascii.writeDecimal(a, 2, value);
            assertThat(new String(a, 2, end - 2, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
            assertThat(Ascii.decimalLength(value)).isEqualTo(Long.toString(value).length());
        }
    }

    @Test
    void equalsNeedsTheSameLengthAndBytes() {
        byte[] line = Ascii.bytes("xmessagex");
        assertThat(Ascii.equals(line, 1, 7, Ascii.bytes("message"))).isTrue();
        assertThat(Ascii.equals(line, 1, 8, Ascii.bytes("message"))).isFalse();
        assertThat(Ascii.equals(line, 1, 6, Ascii.bytes("message"))).isFalse();
        assertThat(Ascii.equals(line, 0, 7, Ascii.bytes("message"))).isFalse();
    }
}
