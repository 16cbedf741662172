package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryTrackerTest {

    private static final int PAYLOAD = 20;

    private final DeliveryTracker tracker = new DeliveryTracker(3, 2, PAYLOAD);
    private final MessagePayload.Parsed message = new MessagePayload.Parsed();

    @Test
    void aCleanRunHasNothingToReport() {
        for (int seq = 1; seq <= 5; seq++) {
            deliver(1, 0, seq);
            deliver(2, 0, seq);
        }
        assertThat(lost(5, 0)).isZero();
        assertThat(tracker.duplicates()).isZero();
        assertThat(tracker.reordered()).isZero();
        assertThat(tracker.deliveries()).isEqualTo(10);
    }

    @Test
    void aGapIsLostUnlessItArrivesLate() {
        deliver(1, 0, 1);
        deliver(1, 0, 4);
        assertThat(lost(4, 0)).isEqualTo(2 + 4);
        deliver(1, 0, 2);
        assertThat(tracker.reordered()).isEqualTo(1);
        assertThat(lost(4, 0)).isEqualTo(1 + 4);
    }

    @Test
    void aRepeatIsADuplicate() {
        deliver(1, 0, 1);
        deliver(1, 0, 2);
        deliver(1, 0, 2);
        assertThat(tracker.duplicates()).isEqualTo(1);
        assertThat(tracker.reordered()).isZero();
    }

    @Test
    void whatNeverArrivedIsLostButASendersOwnMessagesAreNotExpected() {
        deliver(1, 0, 1);
        // Receiver 2 got nothing of sender 0's three; sender 0 itself expects none of its own.
        assertThat(lost(3, 0)).isEqualTo(2 + 3);
    }

    @Test
    void whatACutOffClientMissedIsUndeliverableButItsHolesAreStillLost() {
        deliver(1, 0, 1);
        deliver(1, 0, 3);
        deliver(2, 0, 1);
        // Receiver 1 was cut off after seeing 1 and 3 of 5: 2 is lost, 4 and 5 undeliverable.
        DeliveryTracker.Loss loss = tracker.loss(new long[] {5, 0}, new boolean[] {true, false, true}, new boolean[] {true, true});
        assertThat(loss.lost()).isEqualTo(1 + 4);
        assertThat(loss.undeliverable()).isEqualTo(2);
        // A sender cut off: nothing of its tail can be blamed on the server.
        loss = tracker.loss(new long[] {5, 0}, new boolean[] {true, true, true}, new boolean[] {false, true});
        assertThat(loss.lost()).isEqualTo(1);
        assertThat(loss.undeliverable()).isEqualTo(2 + 4);
    }

    @Test
    void messagesFromNoSenderOrToTheirSenderAreMalformed() {
        deliver(1, 5, 1);
        deliver(0, 0, 1);
        assertThat(tracker.malformed()).isEqualTo(2);
        assertThat(tracker.deliveries()).isZero();
    }

    @Test
    void aWrongLengthIsCorrupted() {
        message.sender = 0;
        message.sequence = 1;
        message.sentNanos = 0;
        message.length = PAYLOAD - 1;
        message.fieldsLength = 5;
        message.paddingIntact = true;
        tracker.record(1, message, 10);
        assertThat(tracker.corrupted()).isEqualTo(1);
    }

    @Test
    void measuresOnlyInsideTheWindow() {
        tracker.measure(1_000, 2_000);
        deliver(1, 0, 1, 500, 1_100);     // sent in warm-up, received in the window
        deliver(1, 0, 2, 1_000, 1_250);   // both inside
        deliver(1, 0, 3, 1_900, 2_100);   // sent inside, received in the drain
        assertThat(tracker.measuredDeliveries()).isEqualTo(2);
        assertThat(tracker.latency().getTotalCount()).isEqualTo(2);
        assertThat(tracker.latency().getMaxValue()).isBetween(249L, 251L);
    }

    @Test
    void publishersThatAreNotReceiversOweEveryReceiverEveryMessage() {
        DeliveryTracker publishers = new DeliveryTracker(3, 2, PAYLOAD, false);
        message.sender = 0;
        message.length = PAYLOAD;
        message.fieldsLength = 10;
        message.paddingIntact = true;
        for (int receiver = 0; receiver < 3; receiver++) {
            message.sequence = 1;
            publishers.record(receiver, message, 1);
        }
        assertThat(publishers.malformed()).isZero();
        assertThat(publishers.deliveries()).isEqualTo(3);
        boolean[] all = {true, true, true};
        // Sender 1's one message reached no receiver, sender 0's reached all three.
        assertThat(publishers.loss(new long[] {1, 1}, all, new boolean[] {true, true}).lost()).isEqualTo(3);
    }

    private long lost(long... sentBySender) {
        return tracker.loss(sentBySender, new boolean[] {true, true, true}, new boolean[] {true, true}).lost();
    }

    private void deliver(int receiver, int sender, long sequence) {
        deliver(receiver, sender, sequence, 0, 1);
    }

    private void deliver(int receiver, int sender, long sequence, long sentNanos, long receivedNanos) {
        message.sender = sender;
        message.sequence = sequence;
        message.sentNanos = sentNanos;
        message.length = PAYLOAD;
        message.fieldsLength = 10;
        message.paddingIntact = true;
        tracker.record(receiver, message, receivedNanos);
    }
}
