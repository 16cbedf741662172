package chatroom.server.chat;

import chatroom.protocol.Event;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One event on its way to its recipients, with its bytes in each wire format that one of them
 * uses. A broadcast makes one of these and hands it to every member; the first recipient that
 * writes, say, text lines encodes the event as text and leaves the bytes here, and every later
 * text recipient takes the same bytes. A format nobody uses is never encoded.
 *
 * <p>The transport decides what a wire format is and numbers them ({@code slot}); the chat
 * only carries the cache. Kept for as long as the broadcast runs, never stored (history keeps
 * the bare {@link Event}), so the cached bytes are not pinned once every queue has sent them.
 */
public final class Outbound {

    private final Event event;
    private ByteBuffer[] encoded;

    public Outbound(Event event) {
        this.event = event;
    }

    public Event event() {
        return event;
    }

    /** The bytes already made for wire format {@code slot}, or null. */
    public ByteBuffer encoded(int slot) {
        return encoded == null || slot >= encoded.length ? null : encoded[slot];
    }

    /** Keeps {@code bytes} as this event in wire format {@code slot}, for the recipients after this one. */
    public void encoded(int slot, ByteBuffer bytes) {
        if (encoded == null) {
            encoded = new ByteBuffer[slot + 1];
        } else if (slot >= encoded.length) {
            encoded = Arrays.copyOf(encoded, slot + 1);
        }
        encoded[slot] = bytes;
    }

    @Override
    public String toString() {
        return "Outbound[" + event + "]";
    }
}
