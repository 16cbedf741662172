package chatroom.client;

import chatroom.protocol.Command;
import chatroom.protocol.CommandParser;
import chatroom.protocol.Event;
import chatroom.protocol.Format;
import chatroom.protocol.Names;
import chatroom.protocol.Problem;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jline.utils.AttributedString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of the conversation: what it knows about the user (name, room, the last
 * message seen in each room), what it does with each event from the server, and what
 * happens to each line typed.
 *
 * <pre>
 *   OFFLINE ──connected──▶ LOGGING_IN ──hello──▶ CHATTING
 *      ▲                       │                    │
 *      └────────lost───────────┴────────lost────────┘
 * </pre>
 *
 * <p>Logging in: the first thing each connection sends is {@code /format json}, so the server
 * answers in events (its greeting before that comes as text lines, which the protocol
 * module reads as events too). A name already known (from {@code --name}, or accepted
 * earlier and now reconnecting) is sent at once, and the server's name question is not
 * shown, since no one has to answer it; otherwise the question is shown (once, though it
 * comes as text and again as JSON) and the next line typed is the name, as it would be in
 * telnet. A reconnect sends {@code /resume ROOM LAST_ID} before the name: the server puts
 * the user straight back into the room they were in and replays only the messages newer
 * than the last one seen there. While a name is waiting for the server's answer, further
 * lines are held back: sent now, the server would take them for names if this one were
 * refused. Held lines go out, in order, once the user is in a room and its history replay
 * is over, so they reach the people they were typed for and show after the replay.
 *
 * <p>A refused name (invalid, taken) makes an {@linkplain Ui#interactive() interactive} user
 * type another; a script's run ends with {@link #NOT_LOGGED_IN} and the server's reason, as
 * its next line would be a message, not a name.
 *
 * <p>Offline, typed lines are queued (up to {@link #MAX_WAITING}) and sent after the
 * reconnect, each with a note saying so; {@code /quit} offline just leaves. Online,
 * {@code /quit} waits its turn behind held lines like any other, so a script's
 * {@code name, message, /quit} says its message before leaving.
 *
 * <p>Nothing typed is shown when it is sent: the server echoes every message and action to
 * its sender, with its id and time, and that echo is what is shown, where the server put it
 * among everyone else's. A line the server refuses (too long) shows its error instead.
 *
 * <p>Two threads call in: the connection thread (the {@link ServerConnection.Listener}
 * methods) and the input thread ({@link #typed}, {@link #leave}). Every method holds this
 * object's lock, so a line typed during a reconnect cannot overtake the held-back ones.
 */
final class ChatSession implements ServerConnection.Listener {

    static final int MAX_WAITING = 100;
    /** Rooms whose last message id is remembered for a resume, most recently seen first. */
    static final int MAX_ROOMS_REMEMBERED = 100;
    /** The exit status of a run that ended because the server would not take the name. */
    static final int NOT_LOGGED_IN = 1;

    private static final Logger log = LoggerFactory.getLogger(ChatSession.class);
    private static final String FORMAT_JSON = "/format " + Format.JSON.word();

    private final Ui ui;
    private final MessageRenderer renderer;
    private final OnlineNames names;
    private final String server;
    private final CountDownLatch over = new CountDownLatch(1);
    private final Deque<String> waiting = new ArrayDeque<>();
    /** By room key: the highest message id seen there (live, echoed or replayed), where a resume starts. */
    private final Map<String, Long> lastIds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_ROOMS_REMEMBERED; // a hostile server could name a million rooms
        }
    };
    private Link link;

    private boolean connected;
    private boolean loggedIn;
    private boolean nameInFlight;
    /** Logged in, but the first history replay is not over yet: typed lines wait for it. */
    private boolean settling;
    /** This connection logs back in as the user it had before: its greeting is not shown again. */
    private boolean returning;
    /** The name question is on screen and its answer not refused yet: it comes as text and as JSON. */
    private boolean askShown;
    /** Between {@code history_start} and {@code history_end}. */
    private boolean replaying;
    /** The replay going on was announced by a marker line, so its end gets one too. */
    private boolean replayMarked;
    private boolean quitting;
    private int exitStatus;
    /** The name to log in with; null when the user must type one. */
    private String wantedName;
    /** The name the server accepted; null before. */
    private String name;
    /** The room the user is in; offline, the one to go back to. */
    private String room;

    ChatSession(Ui ui, MessageRenderer renderer, OnlineNames names, String server, String name) {
        this.ui = ui;
        this.renderer = renderer;
        this.names = names;
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
        replaying = false;
        askShown = false;
        returning = name != null;
        boolean up = link.send(FORMAT_JSON);
        if (up && wantedName != null) {
            if (room != null) {
                up = link.send("/resume " + room + " " + lastIds.getOrDefault(Names.key(room), 0L));
            }
            nameInFlight = up && link.send(wantedName);
        }
        publish();
    }

    @Override
    public synchronized void received(String line) {
        if (over.getCount() == 0) {
            return; // the run has ended; what the socket still held is not for anyone
        }
        Event event = Incoming.decode(line);
        try {
            apply(event);
        } catch (RuntimeException e) {
            // One odd event (a broken server's) must not end the conversation, nor the connection thread.
            log.warn("event=bad_event line=\"{}\"", line, e);
            show(new Event.Other(null, null, Sanitizer.clean(line)));
        }
        publish();
    }

    // Java 17 has no pattern matching for switch, hence the chain.
    private void apply(Event event) {
        names.apply(event);
        if (event instanceof Event.Said said) {
            seen(said.room(), said.id());
        } else if (event instanceof Event.Action action) {
            seen(action.room(), action.id());
        } else if (event instanceof Event.AskName) {
            if (wantedName != null || loggedIn || askShown) {
                return; // the client answers it itself, or it is on screen already
            }
            askShown = true;
        } else if (event instanceof Event.Error error && isNameRefused(error)) {
            nameInFlight = false;
            wantedName = null;
            askShown = false;
            if (!ui.interactive()) {
                end(NOT_LOGGED_IN, "Not logged in: " + error.text());
                return;
            }
        } else if (event instanceof Event.Hello hello) {
            boolean sameAsBefore = returning && hello.name() != null && hello.name().equalsIgnoreCase(name);
            loggedIn = true;
            nameInFlight = false;
            settling = true;
            name = wantedName = hello.name();
            if (sameAsBefore) {
                return; // back after a reconnect: the room it comes back to says so
            }
        } else if (event instanceof Event.Entered entered) {
            room = entered.room();
        } else if (event instanceof Event.HistoryStart start) {
            if (start.since() < 0 && start.room() != null) {
                // The room's whole history follows, not what came after an id of ours: a plain
                // join, or a resume from an id the room never reached (the server restarted and
                // counts from 1 again). The ids to remember start over with it.
                lastIds.remove(Names.key(start.room()));
            }
            List<AttributedString> marker = renderer.render(event, name, true);
            replaying = true;
            replayMarked = !marker.isEmpty();
            marker.forEach(ui::show);
            return;
        } else if (event instanceof Event.HistoryEnd) {
            replaying = false;
            if (replayMarked) {
                show(event);
            }
            replayMarked = false;
            if (settling) {
                settle();
            }
            return;
        } else if (event instanceof Event.Renamed renamed && renamed.echo()) {
            name = wantedName = renamed.to();
        } else if (event instanceof Event.FormatSet format && format.format() == Format.JSON) {
            return; // what the client asked for itself
        } else if (event instanceof Event.Welcome || event instanceof Event.Notice) {
            if (returning && !loggedIn) {
                return; // the greeting and the message of the day were shown on the first connection
            }
        } else if (event instanceof Event.Bye) {
            show(event);
            over.countDown();
            link.hangUp();
            return;
        }
        show(event);
    }

    /** An error in answer to the name: the server wants another. */
    private boolean isNameRefused(Event.Error error) {
        Problem problem = Problem.ofCode(error.code());
        return nameInFlight && !loggedIn
                && (problem == Problem.INVALID_NAME || problem == Problem.NAME_TAKEN || problem == Problem.NAME_FIRST);
    }

    private void seen(String room, long id) {
        if (room != null && Names.isValid(room)) {
            lastIds.merge(Names.key(room), id, Math::max);
        }
    }

    private void show(Event event) {
        renderer.render(event, name, replaying).forEach(ui::show);
    }

    @Override
    public synchronized void lost(String reason) {
        connected = false;
        loggedIn = false;
        nameInFlight = false;
        settling = false;
        replaying = false;
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
        if (over.getCount() == 0) {
            return;
        }
        Command command = CommandParser.parse(line);
        if (command instanceof Command.Nothing) {
            return;
        }
        if (command instanceof Command.SetFormat) {
            ui.note("This client asks the server for JSON events and shows them as text itself;"
                    + " /format is for programs that talk to the server directly.");
            return;
        }
        if (command instanceof Command.Quit) {
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
        } else if (!send(line)) {
            hold(line);
        } else if (!loggedIn) {
            // The server takes this line for a name, and answers it, unless it is one of the
            // two commands it understands before one: /quit (bye) and /resume (remembered silently).
            nameInFlight = !(command instanceof Command.Quit || command instanceof Command.Resume);
        }
    }

    /** False, and offline, if the connection is gone: the connection thread is about to report the loss. */
    private boolean send(String line) {
        if (link.send(line)) {
            return true;
        }
        connected = false;
        return false;
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

    /** In the room, its replay over: what was typed meanwhile goes out now. */
    private void settle() {
        settling = false;
        while (!waiting.isEmpty() && send(waiting.peek())) {
            waiting.poll();
        }
    }

    /** Ends the run without the user asking: says why, hangs up and stops reading input. */
    private void end(int status, String why) {
        quitting = true;
        exitStatus = status;
        ui.note(why);
        over.countDown();
        link.hangUp();
        ui.endInput();
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

    /** 0 when the user left; {@link #NOT_LOGGED_IN} when the server would not take the name of a script. */
    synchronized int exitStatus() {
        return exitStatus;
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
