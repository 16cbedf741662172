package chatroom.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineEncoderTest {

    private final LineEncoder encoder = new LineEncoder();

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    @Test
    void encodesUtf8PlusCrLf() {
        ByteBuffer line = encoder.encode("héllo \uD83D\uDE00");

        byte[] expected = "héllo \uD83D\uDE00\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(bytes(line)).isEqualTo(expected);
        assertThat(line.position()).isZero();
        assertThat(line.remaining()).isEqualTo(expected.length).isEqualTo(6 + 1 + 4 + 2);
    }

    @Test
    void anEmptyLineIsJustCrLf() {
        assertThat(bytes(encoder.encode(""))).containsExactly('\r', '\n');
    }

    @Test
    void theResultIsReadOnlyAndDirect() {
        ByteBuffer line = encoder.encode("x");

        assertThat(line.isReadOnly()).isTrue();
        assertThat(line.isDirect()).isTrue();
    }

    @Test
    void encodeBytesCopiesTheArray() {
        byte[] utf8 = "abc".getBytes(StandardCharsets.UTF_8);
        ByteBuffer line = encoder.encodeBytes(utf8);

        utf8[0] = 'z';

        assertThat(FakePeer.decode(line)).isEqualTo("abc");
    }

    @Test
    void laterLinesNeverOverwriteEarlierOnesAcrossChunks() {
        List<ByteBuffer> encoded = new ArrayList<>();
        int total = 0;
        int i = 0;
        while (total < 3 * LineEncoder.CHUNK_BYTES) {
            ByteBuffer line = encoder.encode("line number " + i + " " + "x".repeat(i % 700));
            encoded.add(line);
            total += line.remaining();
            i++;
        }

        for (int n = 0; n < encoded.size(); n++) {
            assertThat(FakePeer.decode(encoded.get(n))).isEqualTo("line number " + n + " " + "x".repeat(n % 700));
        }
    }

    @Test
    void bigLinesAreEncodedWhole() {
        String small = "before";
        ByteBuffer first = encoder.encode(small);
        String big = "é".repeat(40_000); // 80,000 bytes: more than a chunk
        ByteBuffer line = encoder.encode(big);
        ByteBuffer after = encoder.encode("after");

        assertThat(line.remaining()).isEqualTo(80_002);
        assertThat(FakePeer.decode(line)).isEqualTo(big);
        assertThat(FakePeer.decode(first)).isEqualTo(small);
        assertThat(FakePeer.decode(after)).isEqualTo("after");
    }

    @Test
    void linesAroundTheOwnBufferThresholdAreWhole() {
        int threshold = LineEncoder.CHUNK_BYTES / 8;
        for (int size = threshold - 4; size <= threshold + 4; size++) {
            String text = "a".repeat(size);
            assertThat(FakePeer.decode(encoder.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void aLineThatExactlyFillsTheRestOfAChunk() {
        int used = encoder.encode("a".repeat(5000)).remaining()
                + encoder.encode("b".repeat(5000)).remaining();
        List<ByteBuffer> lines = new ArrayList<>();
        while (used + 8000 + 2 <= LineEncoder.CHUNK_BYTES) {
            lines.add(encoder.encode("c".repeat(8000)));
            used += 8002;
        }
        int rest = LineEncoder.CHUNK_BYTES - used;
        ByteBuffer exact = encoder.encode("d".repeat(rest - 2));
        ByteBuffer next = encoder.encode("e");

        assertThat(FakePeer.decode(exact)).isEqualTo("d".repeat(rest - 2));
        assertThat(FakePeer.decode(next)).isEqualTo("e");
        for (ByteBuffer line : lines) {
            assertThat(FakePeer.decode(line)).isEqualTo("c".repeat(8000));
        }
    }

    @ParameterizedTest(name = "{0} byte(s) short")
    @ValueSource(ints = {1, 2, 3})
    void aLineThatDoesNotQuiteFitTheRestOfAChunkStartsANewOne(int shortBy) {
        List<ByteBuffer> lines = new ArrayList<>();
        int rest = LineEncoder.CHUNK_BYTES;
        while (rest - 1000 > 8002) {
            lines.add(encoder.encode("c".repeat(8000)));
            rest -= 8002;
        }
        int filler = rest - 1000; // a line small enough to share the chunk
        assertThat(filler).isBetween(2, LineEncoder.CHUNK_BYTES / 8);
        lines.add(encoder.encode("f".repeat(filler - 2)));
        // 1,000 bytes are left in the chunk; this line needs 1,000 + shortBy.
        ByteBuffer over = encoder.encode("o".repeat(1000 + shortBy - 2));

        assertThat(FakePeer.decode(over)).isEqualTo("o".repeat(1000 + shortBy - 2));
        assertThat(FakePeer.decode(lines.get(lines.size() - 1))).isEqualTo("f".repeat(filler - 2));
    }

    @Test
    void eachCallGivesItsOwnIndependentView() {
        ByteBuffer a = encoder.encode("same");
        ByteBuffer b = encoder.encode("same");

        assertThat(a).isNotSameAs(b);
        a.position(2);
        assertThat(b.position()).isZero();
        assertThat(FakePeer.decode(b)).isEqualTo("same");
    }
}
