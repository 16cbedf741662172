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
