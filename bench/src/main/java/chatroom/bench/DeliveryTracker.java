package chatroom.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Checks every delivery and measures the ones that count.
 *
 * <p>Checking: per receiver and sender, sequence numbers must arrive as 1, 2, 3, ... with no
 * gap, no repeat and no step back. TCP and a single-threaded server promise exactly that, so
 * any deviation is a server bug. A jump forward leaves a "hole"; a later number below the
 * expected one fills a hole if there is one (it was reordered) and is a duplicate if there is
 * none. What is still missing at the end is counted by {@link #loss}. (A
 * duplicate of a message that also has a hole before it would count as reordered: exact
 * classification would need a bitmap per pair, and either way the run has failed.)
 *
 * <p>Measuring: latency is recorded for messages sent inside the measurement window and
 * deliveries are counted when they arrive inside it, so warm-up traffic and the drain after
 * the window do not dilute the rates.
 *
 * <p>State is two ints per receiver and sender; nothing is allocated per delivery.
 */
final class DeliveryTracker {

    /** Latencies above this are recorded as this; a minute means the run is broken anyway. */
    static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final int senders;
    /** Sender i is also receiver i (it talks on its member connection) and gets none of its own messages. */
    private final boolean sendersReceive;
    private final int payloadBytes;
    private final int[][] next;
    /** Allocated per receiver only once it sees a gap: a clean run never needs them. */
    private final int[][] holes;
    private final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);

    private long measureFromNanos = Long.MAX_VALUE;
    private long measureUntilNanos = Long.MAX_VALUE;

    private long deliveries;
    private long measuredDeliveries;
    private long duplicates;
    private long reordered;
    private long malformed;
    private long corrupted;

    /** Senders that are also the first receivers, as in a chat room. */
    DeliveryTracker(int receivers, int senders, int payloadBytes) {
        this(receivers, senders, payloadBytes, true);
    }

    /**
     * @param payloadBytes the size senders pad their messages to
     * @param sendersReceive sender i is receiver i and is owed none of its own messages; if false the
     *     senders are not receivers (Redis's publishers) and every receiver is owed every message
     */
    DeliveryTracker(int receivers, int senders, int payloadBytes, boolean sendersReceive) {
        this.senders = senders;
        this.sendersReceive = sendersReceive;
        this.payloadBytes = payloadBytes;
        this.next = new int[receivers][senders];
        this.holes = new int[receivers][];
        for (int[] row : next) {
            java.util.Arrays.fill(row, 1);
        }
    }

    /** Sets the measurement window, {@code [from, until)} in {@link System#nanoTime()} terms. */
    void measure(long fromNanos, long untilNanos) {
        this.measureFromNanos = fromNanos;
        this.measureUntilNanos = untilNanos;
    }

    /** A line that looked like a message but was not one of ours. */
    void countMalformed() {
        malformed++;
    }

    /** One delivery of {@code message} to {@code receiver}. */
    void record(int receiver, MessagePayload.Parsed message, long receivedNanos) {
        int sender = message.sender;
        if (sender < 0 || sender >= senders || sendersReceive && sender == receiver) {
            malformed++;
            return;
        }
        deliveries++;
        if (!message.hasLength(payloadBytes) || !message.paddingIntact) {
            corrupted++;
        }
        checkSequence(receiver, sender, message.sequence);
        if (receivedNanos >= measureFromNanos && receivedNanos < measureUntilNanos) {
            measuredDeliveries++;
        }
        long sent = message.sentNanos;
        if (sent >= measureFromNanos && sent < measureUntilNanos) {
            latency.recordValue(Math.max(1, Math.min(receivedNanos - sent, MAX_LATENCY_NANOS)));
        }
    }

    private void checkSequence(int receiver, int sender, long sequence) {
        int expected = next[receiver][sender];
        if (sequence == expected) {
            next[receiver][sender] = expected + 1;
        } else if (sequence > expected) {
            holesOf(receiver)[sender] += (int) (sequence - expected);
            next[receiver][sender] = (int) sequence + 1;
        } else if (holes[receiver] != null && holes[receiver][sender] > 0) {
            holes[receiver][sender]--;
            reordered++;
        } else {
            duplicates++;
        }
    }

    private int[] holesOf(int receiver) {
        if (holes[receiver] == null) {
            holes[receiver] = new int[senders];
        }
        return holes[receiver];
    }

    /**
     * What never arrived, split by whose fault it can be. Holes (a gap followed by later
     * messages) are always lost: the server skipped something. The tail a receiver never got,
     * past the last message it saw, is lost when sender and receiver were both still connected
     * at the end, and merely undeliverable when either had been cut off: a kicked receiver
     * cannot read, and what a kicked sender had written may never have been read by the server.
     * Senders that are receivers are owed none of their own messages.
     *
     * @param sentBySender how many messages each sender wrote in the whole run
     * @param receiverConnected whether each receiver was still connected at the end
     * @param senderConnected whether each sender's sending connection was still up at the end
     */
    Loss loss(long[] sentBySender, boolean[] receiverConnected, boolean[] senderConnected) {
        long lost = 0;
        long undeliverable = 0;
        for (int receiver = 0; receiver < next.length; receiver++) {
            for (int sender = 0; sender < senders; sender++) {
                if (sendersReceive && sender == receiver) {
                    continue;
                }
                if (holes[receiver] != null) {
                    lost += holes[receiver][sender];
                }
                long tail = Math.max(0, sentBySender[sender] - (next[receiver][sender] - 1L));
                if (receiverConnected[receiver] && senderConnected[sender]) {
                    lost += tail;
                } else {
                    undeliverable += tail;
                }
            }
        }
        return new Loss(lost, undeliverable);
    }

    /**
     * @param lost deliveries the server owed to clients that stayed connected, and never made
     * @param undeliverable deliveries that could not happen because the sender or receiver was cut off
     */
    record Loss(long lost, long undeliverable) {}

    Histogram latency() {
        return latency;
    }

    long deliveries() {
        return deliveries;
    }

    long measuredDeliveries() {
        return measuredDeliveries;
    }

    long duplicates() {
        return duplicates;
    }

    long reordered() {
        return reordered;
    }

    long malformed() {
        return malformed;
    }

    long corrupted() {
        return corrupted;
    }
}
