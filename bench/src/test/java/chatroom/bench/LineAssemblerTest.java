package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {

    private final List<String> lines = new ArrayList<>();
    private final LineAssembler assembler = new LineAssembler(
            (bytes, offset, length) -> lines.add(new String(bytes, offset, length, StandardCharsets.UTF_8)));

    @Test
    void splitsOnLfAndDropsTheCrBeforeIt() {
        feed("one\r\ntwo\n\r\nthree");
        assertThat(lines).containsExactly("one", "two", "");
        assertThat(assembler.pendingBytes()).isEqualTo(5);
    }

    @Test
    void findsTheFirstLfAtAnyPlaceInAWordAndNoneInBytesNearIt() {
        // Bytes one off LF either way, and with the high bit set, must not pass for it.
        byte[] near = {0x0B, 0x09, (byte) 0x8A, 0x00, (byte) 0xFF, 0x0B, 0x09, (byte) 0x8A, 0x00, 0x0B, 0x09, 0x7F,
            (byte) 0x8A, 0x0B, 0x09, 0x00, (byte) 0x8A, 0x0B, 0x09, 0x1A};
        assertThat(LineAssembler.indexOfLf(near, 0, near.length)).isEqualTo(-1);
        for (int from = 0; from < 3; from++) {
            for (int lf = from; lf < near.length; lf++) {
                byte[] bytes = near.clone();
                bytes[lf] = '\n';
                bytes[near.length - 1] = '\n'; // a later one must not be found first
                assertThat(LineAssembler.indexOfLf(bytes, from, bytes.length)).as("LF at %d from %d", lf, from)
                        .isEqualTo(lf);
                assertThat(LineAssembler.indexOfLf(bytes, from, lf)).isEqualTo(-1);
            }
        }
    }

    @Test
    void joinsALineCutByTheEndOfARead() {
        feed("[12:00:00] <b00");
        feed("001> hel");
        feed("lo\r");
        assertThat(lines).isEmpty();
        feed("\nnext\r\n");
        assertThat(lines).containsExactly("[12:00:00] <b00001> hello", "next");
        assertThat(assembler.pendingBytes()).isZero();
    }

    @Test
    void growsForALineLongerThanItsCarryOver() {
        String longLine = "x".repeat(10_000);
        for (int i = 0; i < longLine.length(); i += 700) {
            feed(longLine.substring(i, Math.min(longLine.length(), i + 700)));
        }
        feed("\r\n");
        assertThat(lines).containsExactly(longLine);
    }

    @Test
    void handsOverASliceOfTheCallersBufferWhenNothingIsCarried() {
        byte[] buffer = "ab\ncd\n".getBytes(StandardCharsets.US_ASCII);
        List<Integer> offsets = new ArrayList<>();
        new LineAssembler((bytes, offset, length) -> {
            assertThat(bytes).isSameAs(buffer);
            offsets.add(offset);
        }).feed(buffer, 0, buffer.length);
        assertThat(offsets).containsExactly(0, 3);
    }

    @Test
    void aDatagramEndsItsLastLineAndCarriesNothingIntoTheNext() {
        feed("*** alice joined\r\n[12:00:00] <alice> hi\r\n*** no end");
        assembler.finish();
        feed("lobby\r\n");
        assembler.finish();
        assembler.finish();
        assertThat(lines).containsExactly("*** alice joined", "[12:00:00] <alice> hi", "*** no end", "lobby");
        assertThat(assembler.pendingBytes()).isZero();
    }

    private void feed(String s) {
        byte[] bytes = ("##" + s).getBytes(StandardCharsets.UTF_8);
        assembler.feed(bytes, 2, bytes.length - 2);
    }
}
