package chatroom.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The fan-out workload: every client in the room, the first K of them talking, every message
 * checked at every receiver; optionally with slow consumers beside them.
 *
 * <pre>
 *   connect + enter ─▶ settle ─▶ [RSS, reset peak] ─▶ warm-up (send, not measured) ─▶ measure (send)
 *       ─▶ drain ─▶ [peak RSS] ─▶ probe the slow clients ─▶ report
 * </pre>
 *
 * Settling waits for the join notices to stop, so the first measured second is not also the
 * tail of the connect storm. The drain after the window waits for the messages still in flight,
 * so "lost" means lost and not merely late. Slow clients, which stopped reading once in, then
 * read again and drop what they get, to see whether the server cut them off.
 */
final class FanOutWorkload {

    /** The server is done delivering when nothing has arrived for this long. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Join notices stop within a second (the summary interval of a big room) after the last join. */
    private static final long SETTLE_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(1100);
    private static final long SETTLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** A slow client the server cut off shows EOF once its backlog is read: a second of quiet is plenty. */
    private static final long PROBE_QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);
    /** The server's default --soft-output-bytes (what may wait for long), for {@link #warnIfWindowExceedsOutputCap}. */
    private static final long SERVER_DEFAULT_OUTPUT_CAP_BYTES = 2 * 1024 * 1024;
    /**
     * Over UDP, how long a sender's full window may go unconfirmed before it is written off as
     * lost: far beyond a delivery's latency here (milliseconds at p99.9), short beside a run.
     */
    private static final long WINDOW_WRITE_OFF_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Room for a burst of messages per sender in rate mode, when nothing else sizes the outbox. */
    private static final int MIN_SENDER_OUTBOX_BYTES = 64 * 1024;

    private final BenchSettings settings;
    private final Protocol protocol;
    private final Reactor reactor;
    private final ServerProcess server;
    private final Fleet fleet;
    private final DeliveryTracker tracker;
    private final SendPacer pacer;
    private final MessagePayload.Parsed parsed = new MessagePayload.Parsed();
    private final int observer;
    private final int messageBytes;
    /** Messages each sender has written in the whole run; the last one's sequence number. */
    private final long[] sentBySender;

    private long measureFromNanos;
    private long stopSendingNanos;
    private long measuredSends;

    /** @param server the server to watch, or null */
    FanOutWorkload(BenchSettings settings, Reactor reactor, ServerProcess server) {
        this.settings = settings;
        this.protocol = settings.protocol();
        this.reactor = reactor;
        this.server = server;
        int senders = settings.senders();
        // Each message goes to clients - 1 receivers on every server. On chatroom the senders are
        // members and get none of their own messages. Redis would hand a sender's own message back
        // to a sender that subscribed, one more delivery than chatroom makes, so there its senders
        // only publish, each on a connection of its own, and clients - 1 others subscribe.
        boolean sendersReceive = protocol.sendsOnMemberConnection();
        int members = sendersReceive ? settings.clients() : settings.clients() - 1;
        this.observer = members - 1;
        this.messageBytes = protocol.maxMessageBytes(settings.payloadBytes());
        this.pacer = settings.rate() > 0 ? new RatePacer(settings.rate(), senders)
                : protocol.datagrams() ? new WindowPacer(settings.window(), senders, WINDOW_WRITE_OFF_NANOS)
                : new WindowPacer(settings.window(), senders);
        // A window's worth of messages always fits, so a sender is held back by the window, not its buffer.
        int outboxBytes = Math.max(MIN_SENDER_OUTBOX_BYTES,
                settings.rate() > 0 ? messageBytes : settings.window() * messageBytes);
        this.fleet = new Fleet(reactor, protocol, settings.address(), members, senders,
                settings.slowClients(), outboxBytes, settings.namePrefix(), settings.connectsPerSecond());
        fleet.useTls(settings.tls());
        this.tracker = new DeliveryTracker(members, senders, settings.payloadBytes(), sendersReceive);
        this.sentBySender = new long[senders];
        fleet.setSink(this::onMessage);
    }

    FanOutResult run() throws IOException, BenchException {
        try {
            return measure();
        } finally {
            fleet.closeAll();
        }
    }

    private FanOutResult measure() throws IOException, BenchException {
        Progress.say("connecting %,d connections to %s at %,.0f/s", fleet.connections(), settings.target(),
                settings.connectsPerSecond());
        long connectStart = System.nanoTime();
        if (!fleet.connectAll(settings.loginTimeoutNanos())) {
            throw new BenchException(String.format("only %,d of %,d connections got in (%,d failed)",
                    fleet.entered(), fleet.connections(), fleet.failedLogins()), fleet.problems());
        }
        Progress.say("all %,d in after %.2f s; settling", fleet.connections(), (System.nanoTime() - connectStart) / 1e9);
        reactor.awaitQuiet(SETTLE_QUIET_NANOS, SETTLE_TIMEOUT_NANOS);

        boolean peakReset = server != null && server.resetPeak();
        ServerProcess.Snapshot atStart = snapshot();
        long start = System.nanoTime();
        measureFromNanos = start + BenchSettings.seconds(settings.warmupSeconds());
        stopSendingNanos = measureFromNanos + BenchSettings.seconds(settings.durationSeconds());
        tracker.measure(measureFromNanos, stopSendingNanos);
        pacer.start(start);
        Progress.say("sending (%s): %.1f s warm-up, %.1f s measured", pacer.describe(),
                settings.warmupSeconds(), settings.durationSeconds());
        warnIfWindowExceedsOutputCap();
        reactor.runUntil(measureFromNanos, this::sendDue);
        ServerProcess.Snapshot windowStart = snapshot();
        // This thread's own CPU: near 100% of a core means the generator, not the server, set the pace.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long bytesStart = reactor.bytesIn();
        long recordsStart = reactor.tlsRecordsIn();
        reactor.runUntil(stopSendingNanos, this::sendDue);
        double generatorCpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        FanOutResult.Tls tls = fleet.tlsSummary() == null ? null : new FanOutResult.Tls(fleet.tlsSummary(),
                reactor.tlsRecordsIn() - recordsStart, reactor.bytesIn() - bytesStart);
        ServerProcess.Snapshot windowEnd = snapshot();
        long backlog = pacer.backlog();

        long expected = expectedDeliveries();
        Progress.say("draining: waiting for the last of %,d deliveries", expected);
        reactor.runUntil(() -> tracker.deliveries() - tracker.duplicates() >= expected
                        || System.nanoTime() - reactor.lastInputNanos() >= QUIET_NANOS,
                System.nanoTime() + DRAIN_TIMEOUT_NANOS, Reactor.NOTHING);
        ServerProcess.Snapshot end = snapshot();
        probeSlowClients();

        double measuredSeconds = (stopSendingNanos - measureFromNanos) / 1e9;
        ServerUsage usage = server == null ? null
                : ServerUsage.between(atStart, windowStart, windowEnd, end, peakReset, measuredSeconds);
        DeliveryTracker.Loss loss = tracker.loss(sentBySender, fleet.receiversConnected(), fleet.sendersConnected());
        return new FanOutResult(protocol.name(), settings.clients(), settings.senders(), fleet.connections(),
                pacer.describe(), settings.payloadBytes(), settings.warmupSeconds(), measuredSeconds, measuredSends,
                tracker.measuredDeliveries(), expected, tracker.deliveries(), loss.lost(), loss.undeliverable(),
                tracker.duplicates(), tracker.reordered(), tracker.corrupted(), tracker.malformed(),
                Latency.of(tracker.latency()), backlog, fleet.disconnects(), fleet.serverErrors(),
                settings.slowClients(), fleet.slowCutOff(), fleet.problems(), generatorCpuSeconds, usage, tls,
                protocol.datagrams());
    }

    /**
     * Writes every message the pacer allows into its sender's outbox and flushes each sender
     * once: a burst costs one write per sender, not one per message. The send time is taken
     * per message, just before it is written, so it includes no time spent in this loop.
     */
    private long sendDue(long nowNanos) {
        if (nowNanos >= stopSendingNanos) {
            return Long.MAX_VALUE;
        }
        long wait = pacer.advance(nowNanos);
        boolean measuring = nowNanos >= measureFromNanos;
        int payloadBytes = settings.payloadBytes();
        for (int sender = 0; sender < sentBySender.length; sender++) {
            BenchClient client = fleet.sender(sender);
            if (!client.isIn()) {
                continue;
            }
            ByteBuffer out = client.outbox();
            for (long allowed = pacer.allowance(sender); allowed > 0 && out.remaining() >= messageBytes; allowed--) {
                long sequence = ++sentBySender[sender];
                protocol.writeMessage(out, sender, sequence, System.nanoTime(), payloadBytes);
                pacer.sent(sender);
                if (measuring) {
                    measuredSends++;
                }
            }
            client.flush();
        }
        return wait;
    }

    private void onMessage(int receiver, byte[] text, int offset, int length, long receivedNanos) {
        if (!MessagePayload.parse(text, offset, length, parsed)) {
            tracker.countMalformed();
            return;
        }
        if (parsed.sender == receiver && protocol.echoesToSender()) {
            return; // the JSON formats hand a sender its own message back, marked; the text format does not
        }
        tracker.record(receiver, parsed, receivedNanos);
        if (receiver == observer) {
            pacer.observed(parsed.sender, parsed.sequence);
        }
    }

    /**
     * Slow clients read again, dropping what they get, until every one has seen the server
     * close it or nothing has arrived for a second: those still open were never cut off.
     */
    private void probeSlowClients() throws IOException {
        if (settings.slowClients() == 0) {
            return;
        }
        for (int i = 0; i < settings.slowClients(); i++) {
            fleet.slowMember(i).discardInput();
        }
        long probeStart = System.nanoTime();
        reactor.runUntil(() -> fleet.slowOpen() == 0
                        || System.nanoTime() - Math.max(reactor.lastInputNanos(), probeStart) >= PROBE_QUIET_NANOS,
                probeStart + PROBE_TIMEOUT_NANOS, Reactor.NOTHING);
        Progress.say("slow clients: %,d of %,d were cut off by the server", fleet.slowCutOff(), settings.slowClients());
    }

    /**
     * A receiver may lag the observer by up to every sender's full window. If that is more
     * than the server lets queue for one client, the server may rightly cut receivers off as
     * slow consumers; say so up front, so such a run is not mistaken for a clean measurement.
     */
    private void warnIfWindowExceedsOutputCap() {
        if (settings.rate() > 0) {
            return;
        }
        long inFlight = (long) settings.senders() * settings.window() * messageBytes;
        if (inFlight > SERVER_DEFAULT_OUTPUT_CAP_BYTES) {
            Progress.say("note: %,d senders x window %,d x %,d bytes = %,d bytes may be in flight to each receiver, "
                            + "more than the server's default --soft-output-bytes (%,d); receivers the generator reads "
                            + "late may be cut off as slow consumers",
                    settings.senders(), settings.window(), messageBytes, inFlight, SERVER_DEFAULT_OUTPUT_CAP_BYTES);
        }
    }

    /** Every message goes to {@code clients - 1} receivers (see the constructor). */
    private long expectedDeliveries() {
        long total = 0;
        for (long sent : sentBySender) {
            total += sent;
        }
        return total * (settings.clients() - 1);
    }

    private ServerProcess.Snapshot snapshot() throws IOException {
        return server == null ? null : server.snapshot();
    }
}
