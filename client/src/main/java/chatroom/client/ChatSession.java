package chatroom.client;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The client's side of the conversation: what it knows about the user (name, room), what it
 * does with each line from the server, and what happens to each line typed.
 *
 * <pre>
 *   OFFLINE ──connected──▶ LOGGING_IN ──"Hello NAME!"──▶ CHATTING
 *      ▲                       │                            │
 *      └────────lost───────────┴────────────lost────────────┘
 * </pre>
 *
 * <p>Logging in: the first line a connection sends is its name. A name already known (from
 * {@code --name}, or accepted earlier and now reconnecting) is sent as soon as the
 * connection is up; otherwise the next line typed is the name, as it would be in telnet.
 * While a name is waiting for the server's answer, further lines are held back: sent now,
 * the server would take them for names if this one were refused. Held lines go out, in
 * order, once the user is in a room again: after a reconnect, that is once a {@code /join}
 * has taken them back to the room they were in, so the lines reach the people they were
 * typed for.
 *
 * <p>Offline, typed lines are queued (up to {@link #MAX_WAITING}) and sent after the
 * reconnect, each with a note saying so; {@code /quit} offline just leaves. Online,
 * {@code /quit} waits its turn behind held lines like any other, so a script's
 * {@code name, message, /quit} says its message before leaving.
 *
 * <p>The server does not echo a user's own messages, so this shows them, formatted as the
 * room sees them, once they are sent.
 *
 * <p>Two threads call in: the connection thread (the {@link ServerConnection.Listener}
 * methods) and the input thread ({@link #typed}, {@link #leave}). Every method holds this
 * object's lock, so a line typed during a reconnect cannot overtake the held-back ones.
 */
final class ChatSession implements ServerConnection.Listener {

    static final int MAX_WAITING = 100;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Ui ui;
    private final MessageRenderer renderer;
    private final OnlineNames names;
    private final Clock clock;
    private final String server;
    private final CountDownLatch over = new CountDownLatch(1);
    private final Deque<String> waiting = new ArrayDeque<>();
    private Link link;

    private boolean connected;
    private boolean loggedIn;
    private boolean nameInFlight;
    /** Logged in, but not yet back in the room the user was in before a reconnect. */
    private boolean settling;
    /** While settling: the room to go back to, until the {@code /join} is sent. */
    private String backTo;
    private boolean quitting;
    /** The last line from the server was an error. */
    private boolean afterError;
    /** The name to log in with; null when the user must type one. */
    private String wantedName;
    /** The name the server accepted; null before. */
    private String name;
    /** The room the user is in; offline, the one to go back to. */
    private String room;

    ChatSession(Ui ui, MessageRenderer renderer, OnlineNames names, Clock clock, String server, String name) {
        this.ui = ui;
        this.renderer = renderer;
        this.names = names;
        this.clock = clock;
        this.server = server;
        this.wantedName = name;
    }

    synchronized void attach(Link link) {
        this.link = link;
        publish();
    }

    @Override
    public synchronized void connected() {
        connected = true;
        loggedIn = false;
        settling = false;
        nameInFlight = wantedName != null && link.send(wantedName);
        publish();
    }

    @Override
    public synchronized void received(String raw) {
        ServerLine line = ServerLine.parse(Sanitizer.clean(raw));
        ui.show(renderer.render(line, name));
        if (line instanceof ServerLine.Notice notice) {
            ServerNotice.parse(notice.text()).ifPresent(this::apply);
        } else if (line instanceof ServerLine.Error && settling) {
            settle(); // the way back to the old room failed; the user is in a room all the same
        }
        afterError = line instanceof ServerLine.Error;
    }

    private void apply(ServerNotice notice) {
        names.apply(notice);
        if (notice instanceof ServerNotice.AskName && afterError && nameInFlight) {
            // An error, then the question again: the name was refused (invalid, taken), and the
            // user types another. An error alone (server full) is no verdict on the name.
            nameInFlight = false;
            wantedName = null;
        } else if (notice instanceof ServerNotice.Hello hello) {
            loggedIn = true;
            nameInFlight = false;
            settling = true;
            backTo = room;
            name = wantedName = hello.name();
        } else if (notice instanceof ServerNotice.EnteredRoom entered) {
            room = entered.room();
            if (settling && backTo != null && !backTo.equalsIgnoreCase(room)) {
                link.send("/join " + backTo);
                backTo = null;
            } else if (settling) {
                settle();
            }
        } else if (notice instanceof ServerNotice.NowKnownAs renamed) {
            names.renamed(name, renamed.name());
            name = wantedName = renamed.name();
        } else if (notice instanceof ServerNotice.Bye) {
            over.countDown();
            link.hangUp();
        }
        publish();
    }

    @Override
    public synchronized void lost(String reason) {
        connected = false;
        loggedIn = false;
        nameInFlight = false;
        names.clear();
        if (quitting) {
            over.countDown();
            link.hangUp();
            return;
        }
        ui.note("Connection to " + server + " lost: " + reason + ".");
        publish();
    }

    @Override
    public synchronized void retrying(Duration delay, String lastFailure) {
        String seconds = String.format(Locale.ROOT, "%.1f", delay.toMillis() / 1000.0);
        ui.note((lastFailure == null ? "" : "Could not reconnect: " + lastFailure + ". ")
                + "Reconnecting in " + seconds + " s.");
    }

    /** What the user typed: one line, or several when they pasted them. */
    synchronized void typed(String text) {
        for (String line : text.split("\\R")) {
            handle(line);
        }
    }

    private void handle(String line) {
        Outgoing outgoing = Outgoing.of(line);
        if (outgoing instanceof Outgoing.Blank) {
            return;
        }
        if (outgoing instanceof Outgoing.Quit) {
            quitting = true;
            if (!connected) {
                if (!waiting.isEmpty()) {
                    ui.note("Leaving offline: " + waiting.size() + " waiting line(s) not sent.");
                }
                over.countDown(); // no one to say goodbye to
                return;
            }
        }
        if (!connected || nameInFlight || settling) {
            hold(line);
        } else if (loggedIn) {
            if (!sendNow(line, outgoing)) {
                hold(line);
            }
        } else if (link.send(line)) {
            nameInFlight = true; // a name, as far as the server is concerned
        } else {
            connected = false;
            hold(line);
        }
    }

    /** Sends a line of a logged-in user, showing it if the room sees it as a message; false if not sent. */
    private boolean sendNow(String line, Outgoing outgoing) {
        if (!link.send(line)) {
            connected = false; // the connection thread is about to report the loss
            return false;
        }
        String now = LocalTime.now(clock).format(TIME);
        if (outgoing instanceof Outgoing.Say say) {
            ui.show(renderer.render(new ServerLine.Said(now, name, Sanitizer.clean(say.text())), name));
        } else if (outgoing instanceof Outgoing.Me me) {
            ui.show(renderer.render(new ServerLine.Action(now, name, Sanitizer.clean(me.action())), name));
        }
        return true;
    }

    private void hold(String line) {
        if (waiting.size() >= MAX_WAITING) {
            ui.note("Not sent: " + MAX_WAITING + " lines are already waiting for the connection.");
            return;
        }
        waiting.add(line);
        if (!connected) {
            ui.note("Not connected: this line will be sent after reconnecting (" + waiting.size() + " waiting).");
        }
        publish();
    }

    /** In the room to stay in: what was typed meanwhile goes out now. */
    private void settle() {
        settling = false;
        backTo = null;
        sendWaiting();
    }

    private void sendWaiting() {
        while (!waiting.isEmpty() && sendNow(waiting.peek(), Outgoing.of(waiting.peek()))) {
            waiting.poll();
        }
    }

    /** The user wants to leave (Ctrl-D, end of input): as if they had typed {@code /quit}. */
    synchronized void leave() {
        if (!quitting) {
            handle("/quit");
        }
    }

    synchronized boolean isQuitting() {
        return quitting;
    }

    /** Waits for the server's goodbye after {@code /quit}; true if it came (or there was no one to say bye). */
    boolean awaitGoodbye(Duration timeout) throws InterruptedException {
        return over.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void publish() {
        ClientState.Phase phase = !connected ? ClientState.Phase.OFFLINE
                : loggedIn ? ClientState.Phase.CHATTING : ClientState.Phase.LOGGING_IN;
        ui.state(new ClientState(phase, server, name, room, names.here(), waiting.size()));
    }
}
