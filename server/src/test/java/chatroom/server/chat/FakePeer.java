package chatroom.server.chat;

import chatroom.protocol.Event;
import chatroom.protocol.Format;
import chatroom.protocol.TextCodec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link Peer} that records what the chat sends it: the events, the {@link Outbound}s that
 * carried them (by identity, so tests can check that a broadcast was made once and shared),
 * and the text lines a telnet user would read, made by the real {@link TextCodec} in the
 * zone of {@link TestClocks}.
 */
final class FakePeer implements Peer {

    private final long id;
    private final String address;
    private final TextCodec text = new TextCodec(ZoneOffset.UTC);
    private final List<String> lines = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<Outbound> outbounds = new ArrayList<>();
    private final List<String> closeReasons = new ArrayList<>();
    private final List<Format> formatCalls = new ArrayList<>();
    private Format format = Format.TEXT;
    private boolean encrypted;
    private final List<Integer> charges = new ArrayList<>();
    private int linesAfterClose;
    private int taken;
    private int eventsTaken;

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

    /** The host part of {@link #address()}: FakePeers are made with literal addresses only. */
    @Override
    public InetAddress inetAddress() {
        try {
            return InetAddress.getByName(address.substring(0, address.lastIndexOf(':')));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean encrypted() {
        return encrypted;
    }

    /** Whether the chat should take this peer for a TLS one. */
    void encrypted(boolean encrypted) {
        this.encrypted = encrypted;
    }

    @Override
    public void send(Outbound out) {
        outbounds.add(out);
        events.add(out.event());
        if (isClosed()) {
            linesAfterClose++;
        }
        String encoded = text.encode(out.event());
        if (encoded != null) {
            lines.addAll(List.of(encoded.split("\r\n", -1)));
        }
    }

    @Override
    public void charge(int lines) {
        charges.add(lines);
    }

    /** Every {@link #charge} so far, in order. */
    List<Integer> charges() {
        return Collections.unmodifiableList(new ArrayList<>(charges));
    }

    /** The lines charged since the last call to this method (or since the start), added up. */
    int takeCharged() {
        int sum = charges.stream().mapToInt(Integer::intValue).sum();
        charges.clear();
        return sum;
    }

    @Override
    public Format format(Format format) {
        formatCalls.add(format);
        this.format = format;
        return format;
    }

    /** The format the chat last asked for; {@link Format#TEXT}, as a connection starts, if none. */
    Format format() {
        return format;
    }

    /** Every call to {@link #format(Format)}, in order. */
    List<Format> formatCalls() {
        return Collections.unmodifiableList(new ArrayList<>(formatCalls));
    }

    @Override
    public void close(String reason) {
        closeReasons.add(reason);
    }

    /** Every text line received so far, oldest first. */
    List<String> lines() {
        return Collections.unmodifiableList(new ArrayList<>(lines));
    }

    /** Every {@link Outbound} received so far, by identity, oldest first. */
    List<Outbound> outbounds() {
        return Collections.unmodifiableList(new ArrayList<>(outbounds));
    }

    /** Every event received so far, including those with no text form (echoes, history ends). */
    List<Event> events() {
        return Collections.unmodifiableList(new ArrayList<>(events));
    }

    /** The events received since the last call to this method (or since the start). */
    List<Event> takeEvents() {
        List<Event> fresh = new ArrayList<>(events.subList(eventsTaken, events.size()));
        eventsTaken = events.size();
        return fresh;
    }

    /** The text lines received since the last call to this method (or since the start). */
    List<String> take() {
        List<String> fresh = new ArrayList<>(lines.subList(taken, lines.size()));
        taken = lines.size();
        return fresh;
    }

    /** The last text line received; fails if there is none. */
    String last() {
        if (lines.isEmpty()) {
            throw new AssertionError("no lines received by peer " + id);
        }
        return lines.get(lines.size() - 1);
    }

    /**
     * The text a telnet user reads for {@code out}, without the final CR LF (lines inside are
     * joined by CR LF), made by the real {@link TextCodec}; null if the event has no text form.
     */
    static String textOf(Outbound out) {
        return new TextCodec(ZoneOffset.UTC).encode(out.event());
    }

    /** The last event that has a text form, by the identity of the {@link Outbound} that carried it. */
    Outbound lastShared() {
        for (int i = outbounds.size() - 1; i >= 0; i--) {
            if (text.encode(outbounds.get(i).event()) != null) {
                return outbounds.get(i);
            }
        }
        throw new AssertionError("no text event received by peer " + id);
    }

    boolean isClosed() {
        return !closeReasons.isEmpty();
    }

    /** The reasons close() was called with, in order (normally at most one). */
    List<String> closeReasons() {
        return Collections.unmodifiableList(new ArrayList<>(closeReasons));
    }

    /** Events sent after close() was called. */
    int linesAfterClose() {
        return linesAfterClose;
    }

    @Override
    public String toString() {
        return "FakePeer[" + id + "]";
    }
}
