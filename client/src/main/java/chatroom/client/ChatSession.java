package chatroom.client;

import chatroom.protocol.Command;
import chatroom.protocol.CommandParser;
import chatroom.protocol.CommandSpec;
import chatroom.protocol.Event;
import chatroom.protocol.Format;
import chatroom.protocol.Names;
import chatroom.protocol.Problem;
import chatroom.protocol.Text;
import chatroom.protocol.TextCodec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.function.LongSupplier;
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
 *      ▲                    │      ▲               │
 *      │            refused │      │ name typed    │
 *      │                    ▼      │               │
 *      │                    NAMING ┘               │
 *      └────────────lost (from any)────────────────┘
 * </pre>
 *
 * <p>Logging in: the first thing each connection sends is {@code /format json}, so the server
 * answers in events (its greeting before that comes as text lines, which the protocol
 * module reads as events too). A name already known (from {@code --name}, or accepted
 * earlier and now reconnecting) is sent at once, and the server's name question is not
 * shown, since no one has to answer it; otherwise the question is shown (once, though it
 * comes as text and again as JSON), the prompt asks for a name, and the next line typed is
 * the name, as it would be in telnet. A reconnect sends {@code /resume ROOM LAST_ID} before
 * the name: the server puts the user straight back into the room they were in and replays
 * only the messages newer than the last one seen there.
 *
 * <p>A name refused on a reconnect as taken is most likely still held by the connection that
 * just dropped, which the server has not seen die yet: it is tried again, with growing
 * pauses, for {@link #NAME_RETRY_FOR}, and only then does the prompt ask for another. A chat
 * line is never taken for a name: lines typed while the client logs in by itself wait in
 * the send queue. A refused name on a first login makes an {@linkplain Ui#interactive()
 * interactive} user type another; a script's run ends with {@link #NOT_LOGGED_IN} and the
 * server's reason, as its next line would be a message, not a name.
 *
 * <p>A registered name: the server asks for its password ({@code password_needed}). The
 * password from {@code --password-file} answers at once, once a question; otherwise the state
 * turns to {@link ClientState.Phase#PASSWORD} and the next line typed (masked, kept out of the
 * history) is the password, an empty one choosing another name. No password leaves without
 * the {@link PasswordGuard}'s leave. A kick, a ban or a login that replaced this one ends the
 * run instead of reconnecting.
 *
 * <p>The send queue: every line typed goes out through it, in order, once the user is in a
 * room and its history replay is over. Messages ({@code say}, {@code /me}, {@code /msg}) are
 * paced: at most {@link #IN_FLIGHT} may wait for the server's answer (its echo, or an error),
 * so a long paste goes out at the rate the server takes it, stays visible as a count in the
 * status line, and can still be stopped: an interactive {@code /quit} or leaving drops the
 * pasted lines not sent yet, while lines typed one by one (meant, each of them) still go
 * first. A script's {@code /quit} (or the end of its input) waits behind all its lines.
 * An answer overdue by {@link #ANSWER_TIMEOUT} (a line the server dropped as blank) stops
 * counting, so a lost answer cannot stall the queue.
 *
 * <p>Nothing typed is shown when it is sent: the server echoes every message and action to
 * its sender, with its id and time, and that echo is what is shown, where the server put it
 * among everyone else's. A line the server refuses (too long) shows its error instead.
 *
 * <p>A line naming the user (a {@linkplain Mentions mention}) or a private message alerts them
 * (the bell) and counts in the status line until they next press a key (looked at on the
 * connection thread, as events come and at every {@link #idle}). A replayed history
 * shows, between what the user saw when last in the room and what is new, a marker line.
 * A {@code /history} page is shown as a replay too, all of it (older messages, asked for),
 * and changes nothing about where a resume starts.
 *
 * <p>Two threads call in: the connection thread (the {@link ServerConnection.Listener}
 * methods) and the input thread ({@link #typed}, {@link #leave}). Every
 * method holds this object's lock, so a line typed during a reconnect cannot overtake the
 * queued ones.
 */
final class ChatSession implements ServerConnection.Listener {

    /** Lines the send queue holds: a big paste fits, a runaway one does not. */
    static final int MAX_QUEUED = 10_000;
    /** Lines sent and not answered yet: enough to keep a line always on its way, few enough to drop. */
    static final int IN_FLIGHT = 4;
    /** After this long without its answer, a line no longer holds the next ones back. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);
    /** Unanswered lines remembered for a resend, beyond those holding the queue back. */
    static final int MAX_UNANSWERED = 100;
    /** How long a history replay (or the wait for the first after logging in) may hold the queue. */
    static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(30);
    /** How long a name refused as taken on a reconnect is tried again before the user is asked. */
    static final Duration NAME_RETRY_FOR = Duration.ofSeconds(45);
    /** The longest pause between two tries of the same name. */
    static final Duration NAME_RETRY_MAX = Duration.ofSeconds(8);
    /** Rooms whose last message id is remembered for a resume, most recently seen first. */
    static final int MAX_ROOMS_REMEMBERED = 100;
    /** The exit status of a run that ended because the server would not take the name. */
    static final int NOT_LOGGED_IN = 1;
    /** The exit status of a run that ended because a reconnect found the server's certificate refused. */
    static final int REFUSED = 1;
    /** Between what was seen in a room before and what is new in its replay. */
    static final String NEW_MARKER = "new since you were last here";

    private static final Logger log = LoggerFactory.getLogger(ChatSession.class);
    private static final String FORMAT_JSON = "/format " + Format.JSON.word();
    /**
     * Where a paste is cut into lines: the server's line ends. Not U+2028 or NEL, which the
     * server removes from inside a line: cut there, the tail of a {@code /msg} went to the room.
     */
    static final String LINE_END = "\r\n|\r|\n";
    /** The errors that, before a name is taken, mean the server wants another one. */
    private static final java.util.Set<Problem> NAME_REFUSALS = java.util.EnumSet.of(Problem.INVALID_NAME,
            Problem.NAME_TAKEN, Problem.NAME_FIRST, Problem.NAME_RESERVED, Problem.NAME_BANNED, Problem.NAME_REGISTERED,
            Problem.PASSWORD_WRONG, Problem.NOT_REGISTERED, Problem.IDENTIFY_TIMEOUT, Problem.PLAINTEXT_PASSWORD,
            Problem.PASSWORD_RULE);

    private final Ui ui;
    private final MessageRenderer renderer;
    private final OnlineNames names;
    private final String server;
    private final LongSupplier clock;
    private final PasswordGuard guard;
    private final CountDownLatch over = new CountDownLatch(1);
    private final Deque<Queued> queue = new ArrayDeque<>();
    /** Lines sent on this connection and not answered yet, oldest first (at most {@link #MAX_UNANSWERED}). */
    private final Deque<Sent> unanswered = new ArrayDeque<>();

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
    /**
     * The replay going on answers {@code /history}: older messages the user asked for, below
     * every id seen, so they neither move where a resume starts nor mark where new ones begin.
     */
    private Event.HistoryPage page;
    /** The lowest id of the page going on so far; 0 before its first message. */
    private long pageOldest;
    /**
     * In a replay: the last id the user saw in that room before, until the marker that shows
     * where the new ones start is drawn; -1 when nothing there was seen, or after the marker.
     */
    private long seenUpTo = -1;
    /** The room this connection asked to resume, until its replay starts. */
    private String resuming;
    private boolean quitting;
    /** A {@code /quit} waits in the queue (a script's, or a paste's): lines after it are not sent. */
    private boolean quitQueued;
    /** When the replay going on (or the wait for the first one) started: a server that never ends it is not waited for forever. */
    private long replaySince;
    private int exitStatus;
    /** The name to log in with; null when the user must type one. */
    private String wantedName;
    /** When to send the wanted name again ({@link #clock} time); only while {@link #retryingName}. */
    private long nameRetryAt;
    private boolean retryingName;
    /** When tries of a taken name stop; 0 before the first refusal. */
    private long nameRetryUntil;
    private int nameRetries;
    /** The name the server accepted; null before. */
    private String name;
    /** The room the user is in; offline, the one to go back to. */
    private String room;
    private int mentions;
    /** {@link Ui#keypresses()} when last looked at. */
    private long keysSeen;
    /** Answers received: leaving waits for the goodbye as long as this moves. */
    private long answers;
    /**
     * The user's {@code /ping}s sent on this connection and not answered yet. A pong beyond
     * these answers the UDP keepalive, which the user did not ask for and is not shown.
     */
    private int pingsSent;
    private ClientState published;
    /** The server made this user an operator (and has not taken it back) on this connection. */
    private boolean operator;
    /**
     * An operator muted this user (and it has not run out): their messages go nowhere and get
     * no answer (a "you are muted" error at most every 30 s), so none is waited for.
     */
    private boolean muted;
    /** The registered name whose password the next line typed is; null when none is asked for. */
    private String passwordFor;
    /**
     * The name last sent, until the server asks for its password: the only question a password
     * answers, once. A question for another name, a second one, or one after the login is shown,
     * never answered: the file's password would go again for nothing, or the next line typed.
     */
    private String nameSent;

    ChatSession(Ui ui, MessageRenderer renderer, OnlineNames names, String server, String name, PasswordGuard guard) {
        this(ui, renderer, names, server, name, guard, System::nanoTime);
    }

    /** Sends no password: see {@link PasswordGuard#refusing()}. */
    ChatSession(Ui ui, MessageRenderer renderer, OnlineNames names, String server, String name, LongSupplier clock) {
        this(ui, renderer, names, server, name, PasswordGuard.refusing(), clock);
    }

    /** @param clock {@link System#nanoTime()}, or a test's */
    ChatSession(Ui ui, MessageRenderer renderer, OnlineNames names, String server, String name, PasswordGuard guard,
            LongSupplier clock) {
        this.ui = ui;
        this.renderer = renderer;
        this.names = names;
        this.server = server;
        this.wantedName = name;
        this.guard = guard;
        this.clock = clock;
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
        page = null;
        askShown = false;
        retryingName = false;
        returning = name != null;
        resuming = null;
        pingsSent = 0;
        operator = false;
        muted = false; // a mute outlives the connection, but the server says so again at the first line
        passwordFor = null;
        nameSent = null;
        boolean up = link.send(FORMAT_JSON);
        if (up && wantedName != null) {
            if (room != null) {
                resuming = room;
                up = link.send("/resume " + room + " " + lastIds.getOrDefault(Names.key(room), 0L));
            }
            nameInFlight = up && sendName(wantedName);
        }
        publish();
    }

    @Override
    public synchronized void received(String line) {
        if (over.getCount() == 0) {
            return; // the run has ended; what the socket still held is not for anyone
        }
        Event event = Incoming.decode(line);
        lookedAt();
        try {
            apply(event);
        } catch (RuntimeException e) {
            // One odd event (a broken server's) must not end the conversation, nor the connection thread.
            log.warn("event=bad_event line=\"{}\"", line, e);
            show(new Event.Other(null, null, Sanitizer.clean(line)));
        }
        pump();
        publish();
    }

    @Override
    public synchronized void idle() {
        if (over.getCount() == 0) {
            return;
        }
        lookedAt();
        long now = clock.getAsLong();
        if (retryingName && now - nameRetryAt >= 0 && connected && !loggedIn && !nameInFlight) {
            retryingName = false;
            nameInFlight = sendName(wantedName);
        }
        if ((settling || replaying) && now - replaySince >= REPLAY_TIMEOUT.toNanos()) {
            // A server that never ends its replay (broken, hostile) must not hold typed lines forever.
            log.warn("event=replay_never_ended");
            replaying = false;
            replayMarked = false;
            page = null;
            settling = false;
        }
        pump();
        publish();
    }

    // Java 17 has no pattern matching for switch, hence the chain.
    private void apply(Event event) {
        names.apply(event);
        if (isSentAway(event)) {
            // Coming back by itself would undo an operator's kick, fight the login that replaced
            // this one for the name, or knock on a ban forever: the run ends, the user decides.
            show(event);
            end(NOT_LOGGED_IN, "Not reconnecting to " + server + ".");
        } else if (event instanceof Event.Said said) {
            message(event, said.room(), said.id(), said.echo());
            if (said.echo() || replaying || !Mentions.in(said.text(), name)) {
                return;
            }
            alert();
        } else if (event instanceof Event.Action action) {
            message(event, action.room(), action.id(), action.echo());
            if (action.echo() || replaying || !Mentions.in(action.text(), name)) {
                return;
            }
            alert();
        } else if (event instanceof Event.Private p) {
            show(event);
            if (p.echo()) {
                answered();
            } else {
                alert();
            }
        } else if (event instanceof Event.Who || event instanceof Event.Rooms || event instanceof Event.Help
                || event instanceof Event.Bans || event instanceof Event.Registered
                || event instanceof Event.PasswordChanged || event instanceof Event.Unbanned) {
            answered();
            show(event);
        } else if (event instanceof Event.Muted mute && mute.echo()
                || event instanceof Event.Unmuted unmute && unmute.echo()) {
            muted = event instanceof Event.Muted;
            show(event);
        } else if (event instanceof Event.Error error && Problem.ofCode(error.code()) == Problem.MUTED) {
            muted = true;
            answered();
            show(event);
        } else if (isOwnAction(event)) {
            answered(); // an operator's kick, ban, mute, topic or wall comes back as what it did
            show(event);
        } else if (event instanceof Event.Oper oper) {
            answered(); // the answer to /oper or /deoper, whose line must not wait to be listed as unconfirmed
            operator = oper.up();
            show(event);
        } else if (event instanceof Event.PasswordNeeded needed) {
            show(event);
            if (!loggedIn && needed.name() != null && needed.name().equalsIgnoreCase(nameSent)) {
                nameSent = null;
                passwordNeeded(needed.name());
            }
        } else if (event instanceof Event.AskName) {
            if (wantedName != null || loggedIn || askShown) {
                return; // the client answers it itself, or it is on screen already
            }
            askShown = true;
            show(event);
        } else if (event instanceof Event.Error error && isNameRefused(error)) {
            nameRefused(error);
        } else if (event instanceof Event.Error) {
            answered();
            show(event);
        } else if (event instanceof Event.Hello hello) {
            boolean sameAsBefore = returning && hello.name() != null && hello.name().equalsIgnoreCase(name);
            loggedIn = true;
            nameInFlight = false;
            retryingName = false;
            nameRetryUntil = 0;
            settling = true;
            replaySince = clock.getAsLong();
            name = wantedName = hello.name();
            if (!sameAsBefore) {
                show(event); // back after a reconnect, the room it comes back to says so
            }
        } else if (event instanceof Event.Entered entered) {
            if (!settling) {
                answered(); // a /join's or /resume's; the login's room needs no answer
            }
            room = entered.room();
            link.welcomed();
            show(event);
        } else if (event instanceof Event.HistoryStart start) {
            historyStart(start);
        } else if (event instanceof Event.HistoryPage older) {
            answered();
            historyPage(older);
        } else if (event instanceof Event.HistoryEnd) {
            replaying = false;
            if (replayMarked && page != null) {
                ui.show(renderer.pageEnd(page, pageOldest));
            } else if (replayMarked) {
                show(event);
            }
            replayMarked = false;
            page = null;
            settling = false; // in the room, its replay over: what was typed meanwhile goes out now
        } else if (event instanceof Event.Renamed renamed && renamed.echo()) {
            answered();
            name = wantedName = renamed.to();
            show(event);
        } else if (event instanceof Event.Pong) {
            if (pingsSent > 0) {
                pingsSent--;
                answered();
                show(event);
            }
        } else if (event instanceof Event.FormatSet format && format.format() == Format.JSON) {
            return; // what the client asked for itself
        } else if ((event instanceof Event.Welcome || event instanceof Event.Notice) && returning && !loggedIn) {
            return; // the greeting and the message of the day were shown on the first connection
        } else if (event instanceof Event.Bye) {
            show(event);
            // Unasked too: over UDP a line that is "exit" alone leaves. Either way the run is over.
            quitting = true;
            over.countDown();
            link.hangUp();
            ui.endInput();
        } else {
            show(event);
        }
    }

    /** A message or action: remembered as seen, its echo answers a line sent, shown. */
    private void message(Event event, String room, long id, boolean echo) {
        if (replaying && seenUpTo >= 0 && id > seenUpTo) {
            seenUpTo = -1; // once: every later one is new too
            ui.show(renderer.marker(NEW_MARKER));
        }
        if (replaying && page != null) {
            pageOldest = pageOldest == 0 ? id : Math.min(pageOldest, id);
        } else {
            seen(room, id);
        }
        if (echo) {
            answered();
        }
        show(event);
    }

    private void historyStart(Event.HistoryStart start) {
        seenUpTo = -1;
        page = null;
        if (start.since() < 0 && start.room() != null) {
            String key = Names.key(start.room());
            if (start.room().equalsIgnoreCase(resuming)) {
                // A resume answered with the whole history: the id remembered is above anything
                // the room has said (a server run without its log: --no-persist, another data
                // dir), so no id remembered from before means anything now.
                lastIds.clear();
            } else {
                seenUpTo = lastIds.getOrDefault(key, -1L);
            }
            // The room's whole history follows; the ids to remember start over with it.
            lastIds.remove(key);
        }
        resuming = null;
        List<AttributedString> marker = renderer.render(start, name, true);
        replaying = true;
        replaySince = clock.getAsLong();
        replayMarked = !marker.isEmpty();
        marker.forEach(ui::show);
    }

    /**
     * The answer to {@code /history}: shown as a replay is, but what was seen in the room stays
     * as it was. The page's messages are older than anything seen there (asked for, so all of
     * them are shown), and a resume must still start after the newest seen, not after these.
     */
    private void historyPage(Event.HistoryPage older) {
        seenUpTo = -1;
        resuming = null;
        page = older;
        pageOldest = 0;
        List<AttributedString> marker = renderer.render(older, name, true);
        replaying = true;
        replaySince = clock.getAsLong();
        replayMarked = older.count() > 0;
        marker.forEach(ui::show);
    }

    /** The server closes this connection and must not be called back: kicked, banned, or replaced by a new login. */
    private static boolean isSentAway(Event event) {
        return event instanceof Event.Kicked kicked && kicked.echo()
                || event instanceof Event.Banned banned && banned.echo()
                || event instanceof Event.Replaced
                || event instanceof Event.Error error && Problem.ofCode(error.code()) == Problem.BANNED;
    }

    /**
     * What this user's own operator command did, as the server tells the room (or them alone):
     * the answer to that command. A topic shown without a change answers {@code /topic ROOM}.
     */
    private boolean isOwnAction(Event event) {
        String by = event instanceof Event.Kicked e ? e.by()
                : event instanceof Event.Banned e ? e.by()
                : event instanceof Event.Muted e ? e.by()
                : event instanceof Event.Unmuted e ? e.by()
                : event instanceof Event.Topic e ? (e.changed() ? e.by() : name)
                : event instanceof Event.Wall e ? e.from() : null;
        return loggedIn && by != null && by.equalsIgnoreCase(name);
    }

    /** An error in answer to the name (or to its password, or one that came too late): the server wants another. */
    private boolean isNameRefused(Event.Error error) {
        Problem problem = Problem.ofCode(error.code());
        return (nameInFlight || passwordFor != null) && !loggedIn && NAME_REFUSALS.contains(problem);
    }

    /**
     * The name sent is registered. The password from {@code --password-file} answers at once,
     * once for each time the server asks; without one the next line typed is the password,
     * read masked, and a script (with no one to type it) ends. Where no password may go (plain
     * text, not allowed), none is asked for: another name is.
     */
    private void passwordNeeded(String registered) {
        nameInFlight = false;
        String password = guard.filePassword();
        if (guard.connectionRefusal() != null) {
            notSent(registered, guard.connectionRefusal()); // rather than have the user type a password that cannot go
        } else if (password != null) {
            identify(registered, password);
        } else if (ui.interactive()) {
            passwordFor = registered;
        } else {
            end(NOT_LOGGED_IN, "Not logged in: the name " + registered + " is registered (--password-file FILE"
                    + " gives its password).");
        }
    }

    /** Sends {@code /identify PASSWORD} for the name asked about, if the guard lets it go; else asks for another name. */
    private void identify(String registered, String password) {
        Command.Identify command = new Command.Identify(null, password);
        String refusal = guard.refusal(command);
        if (refusal == null) {
            nameInFlight = send(CommandSpec.IDENTIFY.word() + " " + password);
        } else {
            notSent(registered, refusal);
        }
    }

    /** No password goes for {@code registered}, for {@code refusal}: the user chooses another name (a script ends). */
    private void notSent(String registered, String refusal) {
        ui.note(refusal);
        wantedName = null;
        if (!ui.interactive()) {
            end(NOT_LOGGED_IN, "Not logged in as " + registered + ".");
            return;
        }
        show(new Event.AskName(null));
    }

    /**
     * On a reconnect, a taken name is tried again for a while; otherwise, or once that time
     * is up, the user is asked for another (a script's run ends).
     */
    private void nameRefused(Event.Error error) {
        nameInFlight = false;
        passwordFor = null;
        askShown = false;
        long now = clock.getAsLong();
        if (returning && wantedName != null && Problem.ofCode(error.code()) == Problem.NAME_TAKEN) {
            if (nameRetryUntil == 0) {
                nameRetryUntil = now + NAME_RETRY_FOR.toNanos();
                nameRetries = 0;
            }
            if (nameRetryUntil - now > 0) {
                long pause = Math.min(NAME_RETRY_MAX.toNanos(), Duration.ofSeconds(1).toNanos() << Math.min(nameRetries, 10));
                nameRetries++;
                retryingName = true;
                nameRetryAt = now + pause;
                ui.note("The name " + wantedName + " is still taken, most likely by the connection that just"
                        + " dropped, which the server has not seen go yet; trying again in " + seconds(pause) + " s.");
                return;
            }
            ui.note("The name " + wantedName + " is still taken. Type a name to log in with"
                    + " (" + wantedName + " to try it once more).");
            wantedName = null;
            nameRetryUntil = 0;
            if (!ui.interactive()) {
                end(NOT_LOGGED_IN, "Not logged in: " + error.text());
            }
            return;
        }
        wantedName = null;
        if (!ui.interactive()) {
            end(NOT_LOGGED_IN, "Not logged in: " + error.text());
            return;
        }
        show(error);
    }

    private void seen(String room, long id) {
        if (room != null && Names.isValid(room)) {
            lastIds.merge(Names.key(room), id, Math::max);
        }
    }

    private void show(Event event) {
        renderer.render(event, name, replaying).forEach(ui::show);
    }

    /** A mention or a private message, live: the bell, and one more in the status line's count. */
    private void alert() {
        mentions++;
        ui.alert();
    }

    /** A key pressed since the last look: the user is looking, so what called for their eye has been seen. */
    private void lookedAt() {
        long keys = ui.keypresses();
        if (keys != keysSeen) {
            keysSeen = keys;
            mentions = 0;
        }
    }

    @Override
    public synchronized void lost(String reason) {
        connected = false;
        loggedIn = false;
        nameInFlight = false;
        retryingName = false;
        settling = false;
        replaying = false;
        page = null;
        pingsSent = 0;
        operator = false;
        passwordFor = null;
        List<Sent> unsure = List.copyOf(unanswered);
        unanswered.clear();
        names.clear();
        if (quitting) {
            over.countDown();
            link.hangUp();
            return;
        }
        ui.note("Connection to " + server + " lost: " + reason + ".");
        if (!unsure.isEmpty()) {
            // Not sent again: without an id tying a line to its echo, the client cannot tell a
            // line the server took (and the room saw) from one it lost, and a chat line said
            // twice is worse than one the user sees was not confirmed and can send again (Up).
            ui.note("Not confirmed by the server before the drop, so perhaps not said: "
                    + unsure.stream().limit(3).map(sent -> "\"" + withoutPassword(sent.line()) + "\"")
                            .collect(Collectors.joining(", "))
                    + (unsure.size() > 3 ? " and " + (unsure.size() - 3) + " more" : "") + ".");
        }
        publish();
    }

    /** {@code line}, or for a command that carries a password only its first word: a note is on screen, and in scrollback. */
    private static String withoutPassword(String line) {
        if (!(CommandParser.parse(line) instanceof Command.Secret)) {
            return line;
        }
        String command = line.strip();
        int space = command.indexOf(' ');
        return (space < 0 ? command : command.substring(0, space)) + " ...";
    }

    @Override
    public synchronized void retrying(Duration delay, String lastFailure) {
        ui.note((lastFailure == null ? "" : "Could not reconnect: " + lastFailure + ". ")
                + "Reconnecting in " + seconds(delay.toNanos()) + " s.");
    }

    @Override
    public synchronized void refused(String reason) {
        int waiting = queue.size();
        end(REFUSED, "Not reconnecting to " + server + ": " + reason + "."
                + (waiting > 0 ? " " + lines(waiting) + " not sent." : ""));
        publish();
    }

    /** "1 line", "4,210 lines". */
    private static String lines(long n) {
        return TextCodec.count(n) + (n == 1 ? " line" : " lines");
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    /** What the user typed: one line, or several when they pasted them. */
    synchronized void typed(String text) {
        String[] lines = text.split(LINE_END);
        int queuedBefore = queue.size();
        int afterQuit = 0;
        for (String line : lines) {
            Command command = CommandParser.parse(line);
            boolean leaveNow = lines.length == 1 && command instanceof Command.Quit; // overtakes the queued one
            if ((quitQueued || quitting) && !leaveNow) {
                afterQuit += command instanceof Command.Nothing ? 0 : 1;
            } else {
                handle(line, command, lines.length > 1);
            }
        }
        if (afterQuit > 0) {
            ui.note(lines(afterQuit) + " after /quit not sent.");
        }
        int added = queue.size() - queuedBefore;
        if (!connected && !quitting && added > 0) {
            ui.note("Not connected: " + (added == 1 ? "this line" : "these " + added + " lines")
                    + " will be sent after reconnecting (" + queue.size() + " waiting).");
        }
        pump();
        publish();
    }

    /**
     * @param command {@code line} parsed
     * @param pasted one line of several that came at once
     */
    private void handle(String line, Command command, boolean pasted) {
        if (over.getCount() == 0 || quitting) {
            return;
        }
        if (passwordFor != null && !(command instanceof Command.Quit)) {
            password(line); // whatever it looks like: a password may start with a slash
            return;
        }
        if (command instanceof Command.Nothing
                || (command instanceof Command.Say say && Text.showsNothing(Text.sanitize(say.text())))) {
            return; // the server ignores it too (the same rule), without an answer the queue would wait for
        }
        if (command instanceof Command.Resume && loggedIn) {
            ui.note("This client resumes by itself after a reconnect; /join ROOM goes to a room.");
            return; // and the server would answer it with a replay but no "entered": no answer to count
        }
        if (command instanceof Command.SetFormat) {
            ui.note("This client asks the server for JSON events and shows them as text itself;"
                    + " /format is for programs that talk to the server directly.");
            return;
        }
        String refusal = command instanceof Command.Secret secret ? guard.refusal(secret) : null;
        if (refusal != null) {
            ui.note(refusal);
            return;
        }
        if (command instanceof Command.Quit) {
            quit(line, !pasted && ui.interactive());
        } else if (nameWanted() && command instanceof Command.Ping) {
            // Answered before a name too, and with a pong: no name is on its way.
            pingsSent += send(line) ? 1 : 0;
        } else if (nameWanted() && command instanceof Command.Resume) {
            send(line); // the server remembers it silently for the login: no answer comes
        } else if (nameWanted()) {
            nameInFlight = sendName(line); // the server takes this line for a name, and answers it
        } else {
            enqueue(new Queued(line, command, pasted));
        }
    }

    /** The line typed for the password of a registered name: empty, the name question comes back instead. */
    private void password(String line) {
        String registered = passwordFor;
        passwordFor = null;
        if (line.isEmpty()) {
            wantedName = null;
            show(new Event.AskName(null));
            return;
        }
        identify(registered, line);
    }

    /** Connected, not logged in, and nothing on its way or to be tried again: the next line is the name. */
    private boolean nameWanted() {
        return connected && !loggedIn && !nameInFlight && !retryingName && wantedName == null && passwordFor == null;
    }

    private void enqueue(Queued line) {
        if (queue.size() >= MAX_QUEUED) {
            ui.note("Not sent: " + TextCodec.count(MAX_QUEUED) + " lines are already waiting to be sent.");
            return;
        }
        queue.add(line);
    }

    /**
     * The user leaving now (an interactive {@code /quit}, Ctrl-D, Ctrl-C twice) drops the
     * pasted lines still waiting, and the goodbye goes after the lines typed one by one. A
     * script's {@code /quit}, or one in a paste, waits its turn in the queue, and the lines
     * after it are not sent; the run ends when it goes. Offline, nothing more can go.
     */
    private void quit(String line, boolean now) {
        if (!now && connected && !queue.isEmpty()) {
            quitQueued = true;
            queue.add(new Queued(line, CommandParser.parse(line), false));
            return;
        }
        quitting = true;
        int before = queue.size();
        if (!connected) {
            queue.clear();
        } else {
            queue.removeIf(Queued::pasted);
            if (quitQueued) {
                queue.removeIf(queued -> queued.command() instanceof Command.Quit);
            }
        }
        int dropped = before - queue.size();
        if (dropped > 0) {
            ui.note("Leaving: " + lines(dropped) + " not sent.");
        }
        if (!connected) {
            over.countDown(); // no one to say goodbye to
        } else if (queue.isEmpty()) {
            send(line);
        } else {
            quitQueued = true;
            queue.add(new Queued(line, CommandParser.parse(line), false));
        }
    }

    /**
     * Sends what the queue holds, in order, while the user is in a room and settled, while
     * fewer than {@link #IN_FLIGHT} lines sent in the last {@link #ANSWER_TIMEOUT} wait for
     * their answer. A queued {@code /quit} goes when its turn comes, without waiting for
     * those answers, and ends the run's input.
     */
    private void pump() {
        if (!connected || !loggedIn || settling) {
            return;
        }
        long now = clock.getAsLong();
        while (!queue.isEmpty()) {
            String line = queue.peek().line();
            boolean goodbye = queue.peek().command() instanceof Command.Quit; // last, and answered by the end of the run
            if (!goodbye && waiting(now) >= IN_FLIGHT) {
                return;
            }
            if (!send(line)) {
                return;
            }
            Command command = queue.poll().command();
            if (command instanceof Command.Ping) {
                pingsSent++;
            }
            if (goodbye) {
                quitting = true;
                ui.endInput(); // the input loop, waiting for a line that will not be sent, ends
                return;
            }
            if (muted && (command instanceof Command.Say || command instanceof Command.Me || command instanceof Command.Msg)) {
                continue; // it goes nowhere, and no answer comes back
            }
            if (unanswered.size() == MAX_UNANSWERED) {
                unanswered.poll();
            }
            unanswered.add(new Sent(line, now));
        }
    }

    /** How many lines sent within {@link #ANSWER_TIMEOUT} are unanswered. */
    private int waiting(long now) {
        int n = 0;
        for (Sent sent : unanswered) {
            if (now - sent.at() < ANSWER_TIMEOUT.toNanos()) {
                n++;
            }
        }
        return n;
    }

    /** The server answered the oldest line on its way: its echo, an error, the list it asked for. */
    private void answered() {
        unanswered.poll();
        answers++;
    }

    /** {@link #send}s a name (or what the user typed for one), the one whose password may be asked for. */
    private boolean sendName(String line) {
        nameSent = line.strip();
        return send(line);
    }

    /** False, and offline, if the connection is gone: the connection thread is about to report the loss. */
    private boolean send(String line) {
        if (link.send(line)) {
            return true;
        }
        connected = false;
        return false;
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

    /** The user wants to leave (Ctrl-D, Ctrl-C twice, end of input): as if they had typed {@code /quit}. */
    synchronized void leave() {
        if (quitQueued && !ui.interactive()) {
            quitting = true; // a script's end of input: its own /quit is on its way in the queue
        } else if (!quitting) {
            quit("/quit", true);
        }
        publish();
    }

    synchronized boolean isQuitting() {
        return quitting;
    }

    /** 0 when the user left; {@link #NOT_LOGGED_IN} when the server would not take the name of a script. */
    synchronized int exitStatus() {
        return exitStatus;
    }

    /**
     * Waits for the server's goodbye after {@code /quit}; true if it came (or there was no one
     * to say bye). A script's queue still going out keeps it waiting: each answer from the
     * server gives it another {@code patience}; {@code patience} with no answer ends it.
     */
    boolean awaitGoodbye(Duration patience) throws InterruptedException {
        long seen;
        synchronized (this) {
            seen = answers;
        }
        while (!over.await(patience.toNanos(), TimeUnit.NANOSECONDS)) {
            synchronized (this) {
                if (answers == seen) {
                    return false;
                }
                seen = answers;
            }
        }
        return true;
    }

    private void publish() {
        ClientState.Phase phase = !connected ? ClientState.Phase.OFFLINE
                : loggedIn ? ClientState.Phase.CHATTING
                : passwordFor != null ? ClientState.Phase.PASSWORD
                : nameWanted() ? ClientState.Phase.NAMING : ClientState.Phase.LOGGING_IN;
        ClientState state = new ClientState(phase, server, name, room, names.here(), queue.size(), mentions, operator,
                passwordFor);
        if (!state.equals(published)) { // idle() publishes four times a second; the screen needs only changes
            published = state;
            ui.state(state);
        }
    }

    /** A line waiting to be sent, what it says, and whether it came in a paste (which leaving drops). */
    private record Queued(String line, Command command, boolean pasted) {}

    /** A line sent, and when ({@link #clock} time). */
    private record Sent(String line, long at) {}
}
