package chatroom.bench;

import chatroom.protocol.Event;
import chatroom.protocol.TextCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An attacker's way in: its name and {@code /join ROOM} at once, then every line read with the
 * protocol's own parser until the server says it is in that room. From then on what arrives is
 * not looked at: a reader drops it unread, and one that never reads has stopped reading
 * ({@link BenchClient} does that for a slow client once it is in).
 *
 * <pre>
 *   connected ─(name, /join ROOM)─▶ reading lines ─("You are in ROOM")─▶ in: input ignored
 *                                        └─(an error: name taken, server full, ...)─▶ failed
 * </pre>
 */
final class AttackLogin implements Protocol.Session {

    private final BenchClient client;
    private final String room;
    private final LineAssembler lines = new LineAssembler(this::onLine);
    private boolean in;

    AttackLogin(BenchClient client, String room) {
        this.client = client;
        this.room = room;
    }

    @Override
    public void start() {
        // Both at once: the server takes the first line as the name, and the join once named.
        ByteBuffer out = client.outbox();
        out.put(Ascii.bytes(client.name())).put((byte) '\n');
        out.put(Ascii.bytes(ChaosLines.join(room))).put((byte) '\n');
        client.flush();
    }

    @Override
    public void input(byte[] bytes, int offset, int length) {
        if (!in) {
            lines.feed(bytes, offset, length);
        }
    }

    private void onLine(byte[] b, int off, int len) {
        if (in) {
            return;
        }
        Event event = TextCodec.parse(new String(b, off, len, StandardCharsets.UTF_8));
        if (event instanceof Event.Error error) {
            client.serverError(TextCodec.ERROR + error.text());
        } else if (event instanceof Event.Entered entered && entered.room().equalsIgnoreCase(room)) {
            in = true;
            client.entered();
        }
    }
}
