package chatroom.server.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.protocol.Event;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentFormatTest {

    private static final Instant T = Instant.parse("2026-12-02T07:00:00.123456789Z");

    private static Event said(long id) {
        return new Event.Said(T.plusSeconds(id), id, "Lobby", "alice", "message " + id, false);
    }

    /** A segment of Lobby holding {@code messages}, and where each record starts (the last entry: the end). */
    private record Built(byte[] bytes, int[] starts) {}

    private static Built segment(Event... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SegmentFormat.header("Lobby"));
        int[] starts = new int[messages.length + 1];
        for (int i = 0; i < messages.length; i++) {
            starts[i] = out.size();
            out.writeBytes(SegmentFormat.record(messages[i]));
        }
        starts[messages.length] = out.size();
        return new Built(out.toByteArray(), starts);
    }

    private static List<Event> read(byte[] bytes, SegmentFormat.Scan[] scan) {
        List<Event> messages = new ArrayList<>();
        scan[0] = SegmentFormat.scan(bytes, bytes.length, "lobby", messages::add);
        return messages;
    }

    /** A record framing {@code payload} with its right checksum, whatever the payload holds. */
    private static byte[] frame(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(8 + payload.length).putInt(payload.length).putInt((int) crc.getValue())
                .put(payload).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void messagesComeBackAsWrittenWithTheRoomAsTyped() {
        Event action = new Event.Action(T, 2, "lobby", "b\u00f6b", "waves \ud83d\udc4b", false);
        Event empty = new Event.Said(Instant.EPOCH, 3, "Lobby", "x", "", false);
        Built built = segment(said(1), action, empty);

        SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];
        List<Event> messages = read(built.bytes(), scan);

        assertThat(messages).containsExactly(said(1), new Event.Action(T, 2, "Lobby", "b\u00f6b", "waves \ud83d\udc4b",
                false), empty);
        assertThat(scan[0].room()).isEqualTo("Lobby");
        assertThat(scan[0].records()).isEqualTo(3);
        assertThat(scan[0].validEnd()).isEqualTo(built.bytes().length);
        assertThat(scan[0].skippedBytes() + scan[0].skippedRecords() + scan[0].tornBytes()).isZero();
    }

    @Test
    void aHeaderAloneIsAnEmptySegment() {
        byte[] header = SegmentFormat.header("Lobby");
        SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];

        assertThat(read(header, scan)).isEmpty();
        assertThat(scan[0].headerEnd()).isEqualTo(header.length);
        assertThat(scan[0].validEnd()).isEqualTo(header.length);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 20})
    void aLastRecordCutShortIsATornTailNotAMessage(int cut) {
        Built built = segment(said(1), said(2), said(3));
        byte[] torn = Arrays.copyOf(built.bytes(), built.bytes().length - cut);

        SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];
        List<Event> messages = read(torn, scan);

        assertThat(messages).containsExactly(said(1), said(2));
        assertThat(scan[0].validEnd()).isEqualTo(built.starts()[2]);
        assertThat(scan[0].tornBytes()).isEqualTo(torn.length - built.starts()[2]);
        assertThat(scan[0].skippedBytes()).isZero();
    }

    @Test
    void aLastRecordWhoseChecksumFailsIsATornTail() {
        Built built = segment(said(1), said(2));
        byte[] bytes = built.bytes().clone();
        bytes[bytes.length - 1] ^= 0x01;

        SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];

        assertThat(read(bytes, scan)).containsExactly(said(1));
        assertThat(scan[0].tornBytes()).isEqualTo(bytes.length - built.starts()[1]);
    }

    @Test
    void aDamagedRecordInTheMiddleIsSkippedAndTheRestIsRead() {
        Built built = segment(said(1), said(2), said(3), said(4));
        byte[] bytes = built.bytes().clone();
        bytes[built.starts()[1] + 12] ^= 0x40;

        SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];

        assertThat(read(bytes, scan)).containsExactly(said(1), said(3), said(4));
        assertThat(scan[0].skippedBytes()).isEqualTo(built.starts()[2] - built.starts()[1]);
        assertThat(scan[0].tornBytes()).isZero();
        assertThat(scan[0].validEnd()).isEqualTo(bytes.length);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x7fffffff, -1, 0, 3, SegmentFormat.MAX_PAYLOAD + 1})
    void anAbsurdLengthIsSkippedAndReadingResyncsOnTheNextRecord(int length) {
        Built built = segment(said(1), said(2), said(3));
        byte[] bytes = built.bytes().clone();
        ByteBuffer.wrap(bytes).putInt(built.starts()[1], length);

        SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];

        assertThat(read(bytes, scan)).containsExactly(said(1), said(3));
        assertThat(scan[0].skippedBytes()).isEqualTo(built.starts()[2] - built.starts()[1]);
    }

    @Test
    void aLengthThatSwallowsTheNextRecordsButFitsIsCaughtByTheChecksum() {
        Built built = segment(said(1), said(2), said(3));
        byte[] bytes = built.bytes().clone();
        ByteBuffer.wrap(bytes).putInt(built.starts()[0], built.starts()[2] - built.starts()[0] - 8);

        SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];

        assertThat(read(bytes, scan)).containsExactly(said(2), said(3));
    }

    @Test
    void invalidUtf8UnderAGoodChecksumIsASkippedRecord() {
        byte[] payload = ByteBuffer.allocate(23 + 2 + 2).put(SegmentFormat.SAID).putLong(5).putLong(0).putInt(0)
                .putShort((short) 2).put("ok".getBytes(StandardCharsets.US_ASCII)).put((byte) 0xc3).put((byte) 0x28)
                .array();
        Built after = segment(said(6));
        byte[] bytes = concat(SegmentFormat.header("Lobby"), frame(payload),
                Arrays.copyOfRange(after.bytes(), after.starts()[0], after.bytes().length));

        SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];

        assertThat(read(bytes, scan)).containsExactly(said(6));
        assertThat(scan[0].skippedRecords()).isEqualTo(1);
        assertThat(scan[0].skippedBytes()).isZero();
    }

    @Test
    void nonsenseUnderAGoodChecksumIsASkippedRecord() {
        byte[] badNanos = ByteBuffer.allocate(23 + 1).put(SegmentFormat.SAID).putLong(5).putLong(0).putInt(-1)
                .putShort((short) 1).put((byte) 'a').array();
        byte[] senderPastTheEnd = ByteBuffer.allocate(23 + 1).put(SegmentFormat.ACTION).putLong(5).putLong(0)
                .putInt(0).putShort((short) 999).put((byte) 'a').array();
        byte[] badSeconds = ByteBuffer.allocate(23 + 1).put(SegmentFormat.SAID).putLong(5).putLong(Long.MAX_VALUE)
                .putInt(0).putShort((short) 1).put((byte) 'a').array();
        byte[] bytes = concat(SegmentFormat.header("Lobby"), frame(badNanos), frame(senderPastTheEnd),
                frame(badSeconds));

        SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];

        assertThat(read(bytes, scan)).isEmpty();
        assertThat(scan[0].skippedRecords()).isEqualTo(3);
        assertThat(scan[0].validEnd()).isEqualTo(bytes.length);
    }

    @Test
    void anUnknownKindIsNotARecord() {
        byte[] payload = ByteBuffer.allocate(23 + 1).put((byte) 9).putLong(5).putLong(0).putInt(0)
                .putShort((short) 1).put((byte) 'a').array();
        Built after = segment(said(6));
        byte[] bytes = concat(SegmentFormat.header("Lobby"), frame(payload),
                Arrays.copyOfRange(after.bytes(), after.starts()[0], after.bytes().length));

        SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];

        assertThat(read(bytes, scan)).containsExactly(said(6));
        assertThat(scan[0].skippedBytes()).isEqualTo(8 + payload.length);
    }

    @Test
    void aDamagedHeaderLosesNoRecords() {
        Built built = segment(said(1), said(2));
        byte[] bytes = built.bytes().clone();
        bytes[0] = 'X';

        SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];
        List<Event> messages = read(bytes, scan);

        assertThat(scan[0].headerOk()).isFalse();
        assertThat(messages).extracting(HistoryLog::idOf).containsExactly(1L, 2L);
        assertThat(messages).first().extracting(m -> ((Event.Said) m).room()).isEqualTo("lobby");
        assertThat(scan[0].skippedBytes()).isEqualTo(built.starts()[0]);
    }

    @Test
    void aHeaderNamingNoValidRoomIsNotAHeader() {
        byte[] header = SegmentFormat.header("Lobby");
        header[header.length - 1] = '/';

        SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];
        read(header, scan);

        assertThat(scan[0].headerOk()).isFalse();
    }

    @Test
    void randomBytesNeverThrowAndNeverInventMessages() {
        Random random = new Random(14);
        for (int round = 0; round < 500; round++) {
            byte[] garbage = new byte[random.nextInt(2000)];
            random.nextBytes(garbage);
            byte[] bytes = round % 2 == 0 ? garbage : concat(SegmentFormat.header("Lobby"), garbage);

            SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];
            List<Event> messages = read(bytes, scan);

            assertThat(messages).isEmpty();
            assertThat(scan[0].validEnd()).isLessThanOrEqualTo(bytes.length);
        }
    }

    @Test
    void randomDamageLeavesTheUndamagedRecordsReadable() {
        Random random = new Random(41);
        Event[] messages = new Event[50];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = said(i + 1);
        }
        Built built = segment(messages);
        for (int round = 0; round < 200; round++) {
            byte[] bytes = built.bytes().clone();
            int at = built.starts()[0] + random.nextInt(bytes.length - built.starts()[0] - 40);
            for (int i = 0; i < 30; i++) {
                bytes[at + i] = (byte) random.nextInt();
            }

            SegmentFormat.Scan[] scan = new SegmentFormat.Scan[1];
            List<Event> read = read(bytes, scan);

            // Every record wholly before or after the damaged 30 bytes is read.
            long whole = 0;
            for (int i = 0; i < messages.length; i++) {
                if (built.starts()[i + 1] <= at || built.starts()[i] >= at + 30) {
                    whole++;
                    assertThat(read).contains(messages[i]);
                }
            }
            assertThat(read).hasSizeGreaterThanOrEqualTo((int) whole).isSubsetOf(messages);
        }
    }

    @Test
    void onlyRoomMessagesOfASaneLengthAreRecords() {
        assertThatThrownBy(() -> SegmentFormat.record(new Event.Notice(T, "hi")))
                .isInstanceOf(IllegalArgumentException.class);
        String huge = "x".repeat(SegmentFormat.MAX_PAYLOAD);
        assertThatThrownBy(() -> SegmentFormat.record(new Event.Said(T, 1, "Lobby", "alice", huge, false)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
