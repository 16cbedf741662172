package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bench's WebSocket framing: the server's frames read back whole however reads cut them, client frames masked. */
class WebSocketFramesTest {

    /** What a reader handed over: frames as "opcode:payload", and errors. */
    private static final class Collected implements WebSocketFrames.FrameHandler {
        final List<String> frames = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        @Override
        public void onFrame(int opcode, byte[] bytes, int offset, int length) {
            frames.add(opcode + ":" + new String(bytes, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1));
        }

        @Override
        public void onError(String why) {
            errors.add(why);
        }
    }

    /** A frame as a server writes it (RFC 6455 §5.2): FIN, opcode, unmasked, the shortest length form. */
    private static byte[] serverFrame(int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | opcode);
        int n = payload.length;
        if (n < 126) {
            out.write(n);
        } else if (n <= 0xFFFF) {
            out.write(126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) n >>> shift));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] text(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Nested
    class Reading {

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 100_000})
        void aFrameOfEveryLengthFormIsReadWhole(int length) {
            Collected got = new Collected();
            new WebSocketFrames(got).feed(serverFrame(WebSocketFrame.TEXT, text(length)), 0,
                    serverFrame(WebSocketFrame.TEXT, text(length)).length);
            assertThat(got.frames).containsExactly("1:" + new String(text(length), java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(got.errors).isEmpty();
        }

        /** Three frames (2-, 4- and 10-byte headers) cut into two reads at every possible point. */
        @Test
        void framesCutAnywhereByTheEndOfAReadComeOutWholeAndInOrder() {
            byte[] stream = concat(serverFrame(1, text(5)), serverFrame(1, text(300)), serverFrame(9, text(0)),
                    serverFrame(1, text(70_000)), serverFrame(1, text(2)));
            List<String> expected = new ArrayList<>();
            new WebSocketFrames(collectInto(expected)).feed(stream, 0, stream.length);
            assertThat(expected).hasSize(5);
            for (int cut = 0; cut <= stream.length; cut += cut < 400 ? 1 : 997) {
                Collected got = new Collected();
                WebSocketFrames frames = new WebSocketFrames(got);
                frames.feed(stream, 0, cut);
                frames.feed(stream, cut, stream.length - cut);
                assertThat(got.frames).as("cut at %d", cut).isEqualTo(expected);
                assertThat(frames.pendingBytes()).isZero();
            }
        }

        @Test
        void aStreamFedOneByteAtATimeGivesTheSameFrames() {
            byte[] stream = concat(serverFrame(1, text(3)), serverFrame(1, text(126)), serverFrame(1, text(65_536)));
            Collected got = new Collected();
            WebSocketFrames frames = new WebSocketFrames(got);
            for (int i = 0; i < stream.length; i++) {
                frames.feed(stream, i, 1);
            }
            assertThat(got.frames).hasSize(3);
            assertThat(got.frames.get(2)).hasSize(2 + 65_536);
        }

        @Test
        void aMaskedFrameFromTheServerIsAnErrorAndNothingMoreIsRead() {
            byte[] masked = {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x'};
            Collected got = new Collected();
            byte[] stream = concat(serverFrame(1, text(1)), masked, serverFrame(1, text(1)));
            new WebSocketFrames(got).feed(stream, 0, stream.length);
            assertThat(got.frames).containsExactly("1:a");
            assertThat(got.errors).singleElement().asString().contains("masked");
        }

        @Test
        void aFragmentAReservedBitAHugeOrAnImpossibleLengthIsAnError() {
            assertThat(errorOf(new byte[] {0x01, 0x01, 'x'})).contains("fragmented");
            assertThat(errorOf(new byte[] {(byte) 0x80, 0x01, 'x'})).contains("fragmented");
            assertThat(errorOf(new byte[] {(byte) 0xC1, 0x01, 'x'})).contains("reserved");
            assertThat(errorOf(new byte[] {(byte) 0x81, 127, 0, 0, 0, 0, 0, 0x20, 0, 0})).contains("2097152 bytes");
            assertThat(errorOf(new byte[] {(byte) 0x81, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0}))
                    .contains("9223372036854775808 bytes");
        }

        private String errorOf(byte[] frame) {
            Collected got = new Collected();
            new WebSocketFrames(got).feed(frame, 0, frame.length);
            assertThat(got.frames).isEmpty();
            assertThat(got.errors).hasSize(1);
            return got.errors.get(0);
        }

        private WebSocketFrames.FrameHandler collectInto(List<String> frames) {
            Collected got = new Collected();
            return new WebSocketFrames.FrameHandler() {
                @Override
                public void onFrame(int opcode, byte[] bytes, int offset, int length) {
                    got.onFrame(opcode, bytes, offset, length);
                    frames.add(got.frames.get(got.frames.size() - 1));
                }

                @Override
                public void onError(String why) {
                    throw new AssertionError(why);
                }
            };
        }
    }

    @Nested
    class Writing {

        @ParameterizedTest
        @ValueSource(ints = {0, 125, 126, 65_535, 65_536})
        void aClientFrameIsFinTextMaskedWithTheShortestLengthAndItsKey(int length) {
            byte[] payload = text(length);
            int key = 0xA1B2C3D4;
            ByteBuffer out = ByteBuffer.allocate(WebSocketFrames.headerBytes(length) + length);
            WebSocketFrames.write(out, WebSocketFrame.TEXT, payload, key);

            assertThat(out.position()).isEqualTo(out.capacity());
            byte[] frame = out.array();
            assertThat(frame[0] & 0xFF).isEqualTo(0x81);
            assertThat(frame[1] & 0x80).as("masked").isEqualTo(0x80);
            int len7 = frame[1] & 0x7F;
            int header = WebSocketFrames.headerBytes(length);
            assertThat(len7).isEqualTo(length < 126 ? length : length <= 0xFFFF ? 126 : 127);
            assertThat(ByteBuffer.wrap(frame, header - 4, 4).getInt()).isEqualTo(key);
            byte[] body = Arrays.copyOfRange(frame, header, frame.length);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= (byte) (key >>> (24 - 8 * (i % 4)));
            }
            assertThat(body).isEqualTo(payload);
        }

        @Test
        void maskingTwiceGivesBackTheBytes() {
            byte[] a = text(11);
            WebSocketFrames.mask(a, 2, 9, 0x12345678);
            assertThat(a).isNotEqualTo(text(11));
            assertThat(Arrays.copyOfRange(a, 0, 2)).isEqualTo(Arrays.copyOfRange(text(11), 0, 2));
            WebSocketFrames.mask(a, 2, 9, 0x12345678);
            assertThat(a).isEqualTo(text(11));
        }
    }
}
