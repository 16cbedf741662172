package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatagramsTest {

    @Test
    void whatFitsGoesInOneDatagram() {
        assertThat(cut("ab\ncd\n", 6)).containsExactly("ab\ncd\n");
        assertThat(cut("ab\ncd", 5)).containsExactly("ab\ncd");
    }

    @Test
    void moreIsCutAtTheLastLineEndThatFits() {
        assertThat(cut("ab\ncd\nef\n", 7)).containsExactly("ab\ncd\n", "ef\n");
        assertThat(cut("ab\ncd\nef\n", 3)).containsExactly("ab\n", "cd\n", "ef\n");
    }

    @Test
    void aLineLongerThanADatagramGoesAlone() {
        assertThat(cut("abcdef\ngh\n", 4)).containsExactly("abcdef\n", "gh\n");
        assertThat(cut("abcdefgh", 4)).containsExactly("abcdefgh");
    }

    @Test
    void cutsTheBytesBetweenTheBoundsOnly() {
        byte[] bytes = "xxab\ncd\nyy".getBytes(StandardCharsets.US_ASCII);
        assertThat(Datagrams.end(bytes, 2, 8, 4)).isEqualTo(5);
        assertThat(Datagrams.end(bytes, 5, 8, 4)).isEqualTo(8);
    }

    private static List<String> cut(String s, int max) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        List<String> datagrams = new ArrayList<>();
        for (int from = 0; from < bytes.length; ) {
            int end = Datagrams.end(bytes, from, bytes.length, max);
            datagrams.add(new String(bytes, from, end - from, StandardCharsets.US_ASCII));
            from = end;
        }
        return datagrams;
    }
}
