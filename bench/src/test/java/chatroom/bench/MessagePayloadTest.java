package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessagePayloadTest {

    private final MessagePayload.Parsed parsed = new MessagePayload.Parsed();

    @Test
    void paddingIsEveryByteADotHoweverLong() {
        byte[] dots = ".".repeat(700).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(MessagePayload.isPadding(dots, 0, dots.length)).isTrue();
        assertThat(MessagePayload.isPadding(dots, 5, 5)).isTrue();
        for (int bad : new int[] {0, 255, 256, 511, 699}) {
            byte[] spoiled = dots.clone();
            spoiled[bad] = ',';
            assertThat(MessagePayload.isPadding(spoiled, 0, spoiled.length)).as("a comma at %d", bad).isFalse();
        }
    }

    @Test
    void writesTheNumbersAndPadsToTheSize() {
        assertThat(write(3, 1042, 81_234_567_890L, 24)).isEqualTo("3 1042 81234567890......\n");
    }

    @Test
    void roundTrips() {
        String line = write(7, 99, 123_456_789_012_345L, 64);
        assertThat(line).hasSize(65);
        assertThat(parse(line.strip())).isTrue();
        assertThat(parsed.sender).isEqualTo(7);
        assertThat(parsed.sequence).isEqualTo(99);
        assertThat(parsed.sentNanos).isEqualTo(123_456_789_012_345L);
        assertThat(parsed.hasLength(64)).isTrue();
        assertThat(parsed.paddingIntact).isTrue();
    }

    @Test
    void negativeClockValuesSurvive() {
        assertThat(parse(write(0, 1, -5_000_000_123L, 40).strip())).isTrue();
        assertThat(parsed.sentNanos).isEqualTo(-5_000_000_123L);
        assertThat(parse(write(0, 1, Long.MIN_VALUE + 1, 40).strip())).isTrue();
        assertThat(parsed.sentNanos).isEqualTo(Long.MIN_VALUE + 1);
    }

    @Test
    void aSizeTooSmallForTheNumbersSendsThemUnpadded() {
        String line = write(12, 345, 6_789L, 4);
        assertThat(line).isEqualTo("12 345 6789\n");
        assertThat(parse(line.strip())).isTrue();
        assertThat(parsed.hasLength(4)).isTrue();
    }

    @Test
    void noticesWrongLengthAndDamagedPadding() {
        assertThat(parse("1 2 3....")).isTrue();
        assertThat(parsed.hasLength(10)).isFalse();
        assertThat(parse("1 2 3..x.")).isTrue();
        assertThat(parsed.paddingIntact).isFalse();
    }

    @Test
    void rejectsWhatIsNotABenchmarkMessage() {
        assertThat(parse("hello there")).isFalse();
        assertThat(parse("1 2")).isFalse();
        assertThat(parse("1  2 3")).isFalse();
        assertThat(parse("")).isFalse();
        assertThat(parse("99999999999 1 1")).isFalse();
    }

    @Test
    void theWorstCaseFitsTheAdvertisedLineSize() {
        int size = 1;
        ByteBuffer out = ByteBuffer.allocate(MessagePayload.maxLineBytes(size));
        MessagePayload.writeLine(out, Integer.MAX_VALUE, 999_999_999_999_999_999L, Long.MIN_VALUE, size);
        assertThat(out.remaining()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void textLengthIsWhatWriteWrites() {
        long[][] cases = {{0, 1, 5, 64}, {7, 99, 123_456_789_012_345L, 8}, {12, 345, -6_789L, 4},
            {Integer.MAX_VALUE, 999_999_999_999_999_999L, Long.MIN_VALUE, 1}};
        for (long[] c : cases) {
            ByteBuffer out = ByteBuffer.allocate(MessagePayload.maxTextBytes((int) c[3]));
            MessagePayload.write(out, (int) c[0], c[1], c[2], (int) c[3]);
            assertThat(MessagePayload.textLength((int) c[0], c[1], c[2], (int) c[3])).isEqualTo(out.position());
        }
    }

    private String write(int sender, long sequence, long nanos, int size) {
        ByteBuffer out = ByteBuffer.allocate(MessagePayload.maxLineBytes(size));
        MessagePayload.writeLine(out, sender, sequence, nanos, size);
        return new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
    }

    private boolean parse(String text) {
        byte[] bytes = ("[12:00:00] <b1> " + text).getBytes(StandardCharsets.US_ASCII);
        return MessagePayload.parse(bytes, 16, bytes.length - 16, parsed);
    }
}
