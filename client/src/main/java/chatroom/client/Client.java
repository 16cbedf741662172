package chatroom.client;

import chatroom.protocol.TextCodec;
import java.io.IOException;
import java.time.Duration;

/**
 * One run of the client: connects, then passes typed lines to the session until the user
 * leaves, and waits briefly for the server's goodbye so the room sees a clean quit rather
 * than a dropped connection.
 */
final class Client {

    /** How long leaving waits for the server's "Bye!" before closing anyway. */
    static final Duration GOODBYE_WAIT = Duration.ofSeconds(2);
    /** A paste of more lines than this is sent only after the user says yes, as irssi and weechat ask. */
    static final int PASTE_ASK_ABOVE = 5;

    private final Ui ui;
    private final MessageRenderer renderer;
    private final OnlineNames names;
    private final Backoff backoff;

    Client(Ui ui, MessageRenderer renderer, OnlineNames names, Backoff backoff) {
        this.ui = ui;
        this.renderer = renderer;
        this.names = names;
        this.backoff = backoff;
    }

    /**
     * Returns the exit status: 0 after the user left, 1 if the first connection failed, the
     * server would not take a script's name ({@link ChatSession#NOT_LOGGED_IN}) or a reconnect
     * found its certificate refused ({@link ChatSession#REFUSED}).
     *
     * @param guard what is done before a password is sent; made for {@code transport}
     */
    int run(String host, int port, Transport transport, String name, PasswordGuard guard) throws InterruptedException {
        // Shown in the status line and every note about the connection: the user sees whether it is encrypted.
        String server = host + ":" + port + transport.label();
        ChatSession session = new ChatSession(ui, renderer, names, server, name, guard);
        ServerConnection connection = new ServerConnection(host, port, transport, session, backoff);
        session.attach(connection);
        try {
            connection.open();
        } catch (IOException e) {
            ui.note("Cannot connect to " + server + ": " + ServerConnection.describe(e));
            return 1;
        }
        try {
            while (!session.isQuitting()) {
                String line = ui.read();
                if (line == null) {
                    session.leave();
                } else if (wanted(line)) {
                    session.typed(line);
                }
            }
            session.awaitGoodbye(GOODBYE_WAIT);
        } finally {
            connection.hangUp();
        }
        return session.exitStatus();
    }

    /** A long paste is asked about first: a wrong buffer pasted into a room is hard to take back. */
    private boolean wanted(String text) {
        long lines = text.lines().filter(line -> !line.isBlank()).count();
        if (lines <= PASTE_ASK_ABOVE || !ui.interactive()) {
            return true;
        }
        String count = TextCodec.count(lines);
        if (ui.confirm("Paste " + count + " lines? [y/N] ")) {
            return true;
        }
        ui.note("Paste of " + count + " lines not sent.");
        return false;
    }
}
