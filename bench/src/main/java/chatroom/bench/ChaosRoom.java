package chatroom.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A room whose checked members (talkers and readers, or the canary pair) are held to the
 * invariants. Its talkers' lines are {@link MessagePayload}s numbered per talker, and a
 * {@link DeliveryTracker} checks every one each member receives: in order, no gap, no repeat,
 * intact. The talker's number in the text must also belong to the name the server says sent it,
 * so a line delivered under the wrong name or to the wrong room shows up as misattributed.
 *
 * <p>Members are numbered in the room: talkers first (talker {@code i} is member {@code i}, as
 * {@link DeliveryTracker} wants), then readers. Lines from anyone else in the room (the chaos
 * users passing through) are not this room's business and are ignored.
 */
final class ChaosRoom {

    /** Every checked line is padded to this size. */
    static final int PAYLOAD_BYTES = 64;

    private final String name;
    private final List<String> talkers = new ArrayList<>();
    private final List<String> readers = new ArrayList<>();
    private final Map<String, Integer> talkerIndex = new HashMap<>();
    private final MessagePayload.Parsed parsed = new MessagePayload.Parsed();
    private DeliveryTracker tracker;
    private long[] sent;
    private LatencyWindows latencyWindows;
    private long misattributed;

    ChaosRoom(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Adds a member before {@link #open}; returns its number in the room. Talkers must all come first. */
    int addTalker(String userName) {
        if (!readers.isEmpty()) {
            throw new IllegalStateException("talkers are numbered before readers");
        }
        talkerIndex.put(userName, talkers.size());
        talkers.add(userName);
        return talkers.size() - 1;
    }

    int addReader(String userName) {
        readers.add(userName);
        return talkers.size() + readers.size() - 1;
    }

    /** Membership is fixed: lines are checked from now on. */
    void open() {
        tracker = new DeliveryTracker(talkers.size() + readers.size(), Math.max(1, talkers.size()), PAYLOAD_BYTES);
        sent = new long[Math.max(1, talkers.size())];
    }

    /** Latency is recorded for lines sent from {@code fromNanos}; {@code windows}, if not null, gets each too. */
    void measure(long fromNanos, LatencyWindows windows) {
        tracker.measure(fromNanos, Long.MAX_VALUE);
        latencyWindows = windows;
    }

    int members() {
        return talkers.size() + readers.size();
    }

    /** Appends talker {@code talker}'s next line, if {@code out} has room; false if it has not. */
    boolean say(int talker, ByteBuffer out) {
        if (out.remaining() < MessagePayload.maxLineBytes(PAYLOAD_BYTES)) {
            return false;
        }
        MessagePayload.writeLine(out, talker, ++sent[talker], System.nanoTime(), PAYLOAD_BYTES);
        return true;
    }

    /** Member {@code receiver} got {@code text} from {@code from} at {@code receivedNanos}. */
    void received(int receiver, String from, String text, long receivedNanos) {
        Integer sender = talkerIndex.get(from);
        if (sender == null) {
            return; // a visitor's line
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!MessagePayload.parse(bytes, 0, bytes.length, parsed)) {
            tracker.countMalformed();
            return;
        }
        if (parsed.sender != sender) {
            misattributed++;
            return;
        }
        tracker.record(receiver, parsed, receivedNanos);
        if (latencyWindows != null) {
            latencyWindows.record(receivedNanos, receivedNanos - parsed.sentNanos);
        }
    }

    /** A line that came with another room's name on it (JSON says which room a line is from). */
    void misrouted() {
        misattributed++;
    }

    DeliveryTracker tracker() {
        return tracker;
    }

    long[] sentBySender() {
        return sent.clone();
    }

    long sent() {
        long total = 0;
        for (long n : sent) {
            total += n;
        }
        return total;
    }

    long misattributed() {
        return misattributed;
    }
}
