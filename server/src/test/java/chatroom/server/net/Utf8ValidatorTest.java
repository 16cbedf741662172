package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8Validator} against the JDK's own strict UTF-8 decoder, on every one- and two-byte
 * input and on many generated longer ones made mostly of the bytes where the rules change
 * (the edges of the lead and continuation ranges), so that near misses are common.
 */
class Utf8ValidatorTest {

    /** The bytes at which UTF-8's rules change, and their neighbours. */
    private static final int[] EDGES = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
        0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFE, 0xFF};

    /** The JDK's verdict on a whole message: strict, nothing replaced. */
    private static boolean jdkValid(byte[] bytes) {
        CharsetDecoder decoder = strict();
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(ByteBuffer.wrap(bytes), out, true);
        return !result.isError() && !decoder.flush(out).isError();
    }

    /**
     * The JDK's verdict on a beginning: true if {@code bytes[0..length)} could still become valid
     * UTF-8 with more bytes after it. The JDK's decoder leaves a character cut short at the end
     * of its input unread without judging it all (it waits for ED A0's third byte before calling
     * it a surrogate), so that unread tail is tried with every ending that matters: one to three
     * continuation bytes from the edges of the ranges.
     */
    private static boolean jdkValidPrefix(byte[] bytes, int length) {
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        if (strict().decode(in, CharBuffer.allocate(length + 1), false).isError()) {
            return false;
        }
        byte[] tail = new byte[in.remaining()];
        in.get(tail);
        return tail.length == 0 || completes(tail, 3);
    }

    private static final int[] CONTINUATION_EDGES = {0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF};

    private static boolean completes(byte[] tail, int more) {
        if (jdkValid(tail)) {
            return true;
        }
        if (more == 0) {
            return false;
        }
        for (int b : CONTINUATION_EDGES) {
            byte[] longer = Arrays.copyOf(tail, tail.length + 1);
            longer[tail.length] = (byte) b;
            if (completes(longer, more - 1)) {
                return true;
            }
        }
        return false;
    }

    private static CharsetDecoder strict() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Checks both verdicts: the whole, and at every byte whether the validator gave up exactly when no valid ending remained. */
    private static void agreesWithTheJdk(byte[] bytes) {
        String hex = HexFormat.ofDelimiter(" ").formatHex(bytes);
        assertThat(Utf8Validator.isValid(bytes, 0, bytes.length)).as("valid: %s", hex).isEqualTo(jdkValid(bytes));
        int state = Utf8Validator.ACCEPT;
        for (int i = 0; i < bytes.length; i++) {
            state = Utf8Validator.step(state, bytes[i] & 0xFF);
            assertThat(state != Utf8Validator.REJECT).as("could still be valid after %d bytes of %s", i + 1, hex)
                    .isEqualTo(jdkValidPrefix(bytes, i + 1));
            if (state == Utf8Validator.REJECT) {
                return;
            }
        }
    }

    @Test
    void everyOneAndTwoByteInput() {
        for (int a = 0; a < 256; a++) {
            agreesWithTheJdk(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                agreesWithTheJdk(new byte[] {(byte) a, (byte) b});
            }
        }
    }

    @Test
    void everyThreeByteInputMadeOfEdges() {
        for (int a : EDGES) {
            for (int b : EDGES) {
                for (int c : EDGES) {
                    agreesWithTheJdk(new byte[] {(byte) a, (byte) b, (byte) c});
                }
            }
        }
    }

    @Test
    void generatedInputsMostlyOfEdgeBytes() {
        Random random = new Random(6455);
        for (int n = 0; n < 100_000; n++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : EDGES[random.nextInt(EDGES.length)]);
            }
            agreesWithTheJdk(bytes);
        }
    }

    @Test
    void generatedValidTextWithOneByteChanged() {
        Random random = new Random(3629);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(6); i >= 0; i--) {
                int cp;
                do {
                    cp = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(Character.MAX_CODE_POINT + 1);
                } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
                text.appendCodePoint(cp);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8Validator.isValid(bytes, 0, bytes.length)).as("%s", text).isTrue();
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            agreesWithTheJdk(bytes);
        }
    }

    @Test
    void aRangeInTheMiddleOfAnArrayIsJudgedAlone() {
        byte[] bytes = {(byte) 0xFF, 'o', 'k', (byte) 0xE2, (byte) 0x82, (byte) 0xAC, (byte) 0xFF};

        assertThat(Utf8Validator.isValid(bytes, 1, 6)).isTrue();
        assertThat(Utf8Validator.isValid(bytes, 1, 5)).as("the euro sign cut short").isFalse();
        assertThat(Utf8Validator.isValid(bytes, 0, 6)).isFalse();
        assertThat(Utf8Validator.isValid(bytes, 3, 3)).as("nothing is valid").isTrue();
    }
}
