package chatroom.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link Peer} that records what the chat sends it, as text lines, plus the very buffers
 * (by identity) so tests can check that a broadcast was encoded once and shared.
 *
 * <p>Every buffer must be one line ending in CR LF with no other CR or LF inside. The buffer
 * may be shared with other recipients, so it is only ever read through a duplicate: its
 * position and limit are left exactly as they came.
 */
final class FakePeer implements Peer {

    private final long id;
    private final String address;
    private final List<String> lines = new ArrayList<>();
    private final List<ByteBuffer> buffers = new ArrayList<>();
    private final List<String> closeReasons = new ArrayList<>();
    private int linesAfterClose;
    private int taken;

    FakePeer(long id) {
        this(id, "127.0.0.1:" + (40000 + id));
    }

    FakePeer(long id, String address) {
        this.id = id;
        this.address = address;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void send(ByteBuffer line) {
        int position = line.position();
        int limit = line.limit();
        String text = decode(line);
        assertThat(line.position()).as("shared buffer position").isEqualTo(position);
        assertThat(line.limit()).as("shared buffer limit").isEqualTo(limit);
        buffers.add(line);
        lines.add(text);
        if (isClosed()) {
            linesAfterClose++;
        }
    }

    /** The text of one encoded line, without its CR LF; fails unless it is exactly one line. */
    static String decode(ByteBuffer line) {
        ByteBuffer view = line.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        assertThat(bytes.length).as("encoded line length").isGreaterThanOrEqualTo(2);
        assertThat(bytes[bytes.length - 2]).as("second to last byte is CR").isEqualTo((byte) '\r');
        assertThat(bytes[bytes.length - 1]).as("last byte is LF").isEqualTo((byte) '\n');
        String text = new String(bytes, 0, bytes.length - 2, StandardCharsets.UTF_8);
        assertThat(text).as("a single line").doesNotContain("\r").doesNotContain("\n");
        return text;
    }

    @Override
    public void close(String reason) {
        closeReasons.add(reason);
    }

    /** Every line received so far, oldest first. */
    List<String> lines() {
        return Collections.unmodifiableList(new ArrayList<>(lines));
    }

    /** The lines received since the last call to this method (or since the start). */
    List<String> take() {
        List<String> fresh = new ArrayList<>(lines.subList(taken, lines.size()));
        taken = lines.size();
        return fresh;
    }

    /** The last line received; fails if there is none. */
    String last() {
        assertThat(lines).as("lines received by peer %d", id).isNotEmpty();
        return lines.get(lines.size() - 1);
    }

    /** The buffer, by identity, that carried the last line. */
    ByteBuffer lastBuffer() {
        assertThat(buffers).as("buffers received by peer %d", id).isNotEmpty();
        return buffers.get(buffers.size() - 1);
    }

    List<ByteBuffer> buffers() {
        return Collections.unmodifiableList(new ArrayList<>(buffers));
    }

    boolean isClosed() {
        return !closeReasons.isEmpty();
    }

    /** The reasons close() was called with, in order (normally at most one). */
    List<String> closeReasons() {
        return Collections.unmodifiableList(new ArrayList<>(closeReasons));
    }

    int linesAfterClose() {
        return linesAfterClose;
    }

    @Override
    public String toString() {
        return "FakePeer[" + id + "]";
    }
}
