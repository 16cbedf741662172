package chatroom.server.chat;

import chatroom.protocol.Command;
import chatroom.protocol.CommandParser;
import chatroom.protocol.CommandSpec;
import chatroom.protocol.Event;
import chatroom.protocol.Names;
import chatroom.protocol.Problem;
import chatroom.protocol.Text;
import chatroom.protocol.TextCodec;
import chatroom.server.auth.OperTable;
import chatroom.server.history.HistoryLog;
import chatroom.server.log.LogValues;
import chatroom.server.mod.Ban;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat itself: names, rooms, commands, notices. It sees users as {@link Peer}s, hears
 * decoded text lines and answers with {@link Event}s, never bytes, so every rule here is
 * testable without a network and every wire format gets the same events.
 *
 * <p>Single-threaded by design: every method runs on the event-loop thread, which is what
 * makes "everyone in a room sees the same events in the same order" true without locks.
 *
 * <pre>
 *   connected ──▶ AWAITING NAME ──(valid, free name)──▶ IN A ROOM ──(/quit, close, kick, ban)──▶ GONE
 *                     │                                    ▲   │
 *                     │                                    └───┘ (/join, /resume)
 *                     └──(login timeout, /quit, close, too many waiting)──▶ GONE
 * </pre>
 *
 * <p>A registered name takes a detour: it is not given, but waits (unheld) for its password,
 * and {@code /identify} gives it once the check comes back right; a wrong password or the
 * login timer sends the user back to choosing a name. Passwords and operator status are
 * {@link Accounts}' job, what operators do to others {@link Moderation}'s; both reach the chat
 * only through {@link Members}.
 *
 * <p>What a command costs: every line takes one flood token from its connection (the
 * transport's doing). An answer that is more work than a line charges more through
 * {@link Peer#charge}: a page of {@code /who} or {@code /rooms} one more, a history replay one
 * more per {@value #REPLAY_MESSAGES_PER_TOKEN} messages or {@value #REPLAY_BYTES_PER_TOKEN}
 * bytes of text replayed, whichever is more. So asking for big answers over and over is slowed
 * like sending that many lines.
 */
public final class Chat {

    private static final Logger log = LoggerFactory.getLogger(Chat.class);

    /** Flood tokens a page of {@code /who} or {@code /rooms} costs beyond the line that asked. */
    static final int PAGE_COST = 1;
    /** A history replay costs a flood token per this many messages replayed ... */
    static final int REPLAY_MESSAGES_PER_TOKEN = 10;
    /** ... or per this many bytes of their text, whichever is more: a full line's worth. */
    static final int REPLAY_BYTES_PER_TOKEN = 4096;
    /** How long a room waits for its log before it starts without it: a stalled disk must not stall a room. */
    static final Duration LOG_READ_TIMEOUT = Duration.ofSeconds(5);
    /** Messages a room whose log is being read holds at most; past it the sender is told the history is busy. */
    static final int HELD_MESSAGES = 1_000;

    private final ChatSettings settings;
    private final Scheduler scheduler;
    private final Clock clock;

    private final Set<Session> sessions = new LinkedHashSet<>();
    /** The sessions still choosing a name, oldest first: the first goes when there are too many. */
    private final Set<Session> unnamed = new LinkedHashSet<>();
    private final Map<String, Session> byName = new HashMap<>();
    private final Rooms rooms;
    /**
     * For each user who changed name, the instant (epoch ms) by which their name-change
     * allowance is all spent: the "theoretical arrival time" of the generic cell rate
     * algorithm, one number instead of a bucket. A map, like {@link #resumeAtLogin}, so only
     * those who rename pay for it.
     */
    private final Map<Session, Long> nickAllowance = new HashMap<>();
    /**
     * Where a session that sent {@code /resume} before its name goes instead of the lobby.
     * A map, not a field of every session: few ever need it, and every idle connection would
     * pay for the field.
     */
    private final Map<Session, Command.Resume> resumeAtLogin = new HashMap<>();
    /** The sessions whose {@code /history} is being read from a log: one read each at a time. */
    private final Set<Session> readingHistory = new HashSet<>();
    /** Messages said since the start, for {@code /metrics}: to a room ({@code /me} too) or in private. */
    private long messages;
    private boolean shuttingDown;
    /** The lines new connections are greeted with: the settings' at start, then each SIGHUP's. */
    private List<String> motd;
    private final Accounts accounts;
    private final Moderation moderation;
    private final HistoryLog history;

    public Chat(ChatSettings settings, Scheduler scheduler, Clock clock) {
        this(settings, scheduler, clock, ChatServices.none());
    }

    public Chat(ChatSettings settings, Scheduler scheduler, Clock clock, ChatServices services) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.clock = clock;
        Members members = new ChatMembers();
        this.accounts = new Accounts(services, members);
        this.moderation = new Moderation(services, scheduler, members);
        this.history = services.history();
        this.rooms = new Rooms(clock.instant());
        Room lobby = new Room(ChatSettings.LOBBY, settings.historyLines(), settings.historyBytes(), 0);
        lobby.restore(history.loadNow(ChatSettings.LOBBY, settings.historyLines()), rooms.freshId());
        rooms.add(lobby);
        rooms.restored(lobby);
    }

    /**
     * A new connection: greet it and give it until the login timeout to choose a name. If as many
     * as {@link ChatSettings#maxUnnamed} are waiting already, the one that has waited longest is
     * told and closed: a flood of sockets that never name themselves then cycles among its own,
     * and someone who connects to talk still gets in. Named users are never touched.
     */
    public Session connected(Peer peer) {
        if (unnamed.size() >= settings.maxUnnamed()) {
            Session oldest = unnamed.iterator().next();
            send(oldest, Problem.TOO_MANY_WAITING.count(clock.instant(), settings.maxUnnamed()));
            end(oldest, "too many waiting for a name");
            oldest.peer.close("too many waiting for a name");
        }
        Session session = new Session(peer);
        sessions.add(session);
        unnamed.add(session);
        Instant now = clock.instant();
        send(session, new Event.Welcome(now));
        for (String line : motd()) {
            send(session, new Event.Notice(now, line));
        }
        send(session, new Event.AskName(now));
        session.loginTimer = scheduler.schedule(settings.loginTimeout(), () -> loginTimedOut(session));
        return session;
    }

    /**
     * One line as the user typed it (decoded, not yet sanitized). A line that shows nothing
     * (blank, or only invisible characters: {@link Text#showsNothing}) is ignored.
     */
    public void line(Session session, String raw) {
        if (session.gone) {
            return;
        }
        String text = Text.sanitize(raw);
        if (Text.showsNothing(text)) {
            return;
        }
        if (!session.isNamed()) {
            chooseName(session, text);
            return;
        }
        apply(session, CommandParser.parse(text));
    }

    // Java 17 has no pattern matching for switch, hence the chain; the sealed Command keeps it complete.
    private void apply(Session session, Command command) {
        if (command instanceof Command.Say say) {
            say(session, say.text());
        } else if (command instanceof Command.Me me && Text.showsNothing(me.action())) {
            usage(session, CommandSpec.ME);
        } else if (command instanceof Command.Me me) {
            act(session, me.action());
        } else if (command instanceof Command.Msg msg && Text.showsNothing(msg.text())) {
            usage(session, CommandSpec.MSG);
        } else if (command instanceof Command.Msg msg) {
            privateMessage(session, msg.to(), msg.text());
        } else if (command instanceof Command.Nick nick) {
            rename(session, nick.name());
        } else if (command instanceof Command.Join join) {
            moveTo(session, join.room(), -1);
        } else if (command instanceof Command.Resume resume) {
            moveTo(session, resume.room(), resume.lastId());
        } else if (command instanceof Command.History asked) {
            history(session, asked);
        } else if (command instanceof Command.Who who) {
            who(session, who.page());
        } else if (command instanceof Command.Rooms list) {
            listRooms(session, list.page());
        } else if (command instanceof Command.Help) {
            send(session, new Event.Help(clock.instant(), session.isOperator()));
        } else if (command instanceof Command.Ping) {
            send(session, new Event.Pong(clock.instant()));
        } else if (command instanceof Command.SetFormat format) {
            send(session, new Event.FormatSet(clock.instant(), session.peer.format(format.format())));
        } else if (command instanceof Command.Quit quit) {
            // a muted user's reason would reach the room: a line a mute is meant to stop, one per reconnect
            quit(session, Text.showsNothing(quit.reason()) || moderation.muted(session) ? "" : quit.reason());
        } else if (command instanceof Command.Secret secret) {
            accounts.apply(session, secret);
        } else if (command instanceof Command.Deoper) {
            accounts.deoper(session);
        } else if (command instanceof Command.Topic topic) {
            moderation.topic(session, topic);
        } else if (command instanceof Command.Kick kick) {
            moderation.kick(session, kick);
        } else if (command instanceof Command.Ban ban) {
            moderation.ban(session, ban);
        } else if (command instanceof Command.Unban unban) {
            moderation.unban(session, unban);
        } else if (command instanceof Command.Bans bans) {
            moderation.list(session, bans);
        } else if (command instanceof Command.Mute mute) {
            moderation.mute(session, mute);
        } else if (command instanceof Command.Unmute unmute) {
            moderation.unmute(session, unmute);
        } else if (command instanceof Command.Wall wall) {
            moderation.wall(session, wall);
        } else if (command instanceof Command.Usage usage) {
            usage(session, usage.spec());
        } else if (command instanceof Command.Unknown unknown) {
            send(session, Problem.UNKNOWN_COMMAND.event(clock.instant(), unknown.name()));
        }
        // Command.Nothing: a blank line, ignored.
    }

    private void usage(Session session, CommandSpec spec) {
        send(session, Problem.USAGE.event(clock.instant(), spec.usage()));
    }

    /** The user sent a line longer than the transport accepts; it was dropped. */
    public void lineTooLong(Session session, int maxLineBytes) {
        if (!session.gone) {
            send(session, Problem.TOO_LONG.count(clock.instant(), maxLineBytes));
        }
    }

    /**
     * The connection is gone (closed, reset, kicked as a slow consumer, ...). Called exactly
     * once per connection by the transport; a session the chat already ended is left alone.
     */
    public void disconnected(Session session, String reason) {
        end(session, reason);
    }

    /**
     * Tells everyone the server is going down. The transport then flushes and closes every
     * connection; their leave notices are not sent, since no one would be left to read them.
     */
    public void shutdown() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        Outbound bye = new Outbound(new Event.ShuttingDown(clock.instant()));
        for (Session session : sessions) {
            session.peer.send(bye);
        }
    }

    /** How many users have chosen a name. */
    public int namedUsers() {
        return byName.size();
    }

    /** How many rooms there are, the lobby included. */
    public int rooms() {
        return rooms.size();
    }

    /** How many messages have been said since the start: to a room ({@code /me} too) or in private. */
    public long messages() {
        return messages;
    }

    /** What password checks came to since the start. */
    public PasswordCounts passwordCounts() {
        return accounts.counts();
    }

    /** Greets new connections with {@code lines} from now on (already free of control characters). */
    public void motd(List<String> lines) {
        motd = List.copyOf(lines);
    }

    private List<String> motd() {
        return motd != null ? motd : settings.motd();
    }

    /**
     * Before a name: only the name, {@code /identify}, {@code /quit}, {@code /format},
     * {@code /resume} and {@code /ping} are understood. A registered name is not given: its
     * password is asked for, and {@code /identify} gives it.
     */
    private void chooseName(Session session, String text) {
        String name = text.strip();
        if (name.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        if (name.startsWith("/")) {
            Command command = CommandParser.parse(name);
            if (command instanceof Command.Quit quit) {
                quit(session, quit.reason());
            } else if (command instanceof Command.Ping) {
                send(session, new Event.Pong(now)); // a UDP client keeps its session alive while the name is chosen
            } else if (command instanceof Command.Identify identify) {
                accounts.apply(session, identify);
            } else if (command instanceof Command.SetFormat format) {
                send(session, new Event.FormatSet(now, session.peer.format(format.format())));
                send(session, new Event.AskName(now));
            } else if (command instanceof Command.Resume resume && Names.isValid(resume.room())) {
                resumeAtLogin.put(session, resume);
            } else if (command instanceof Command.Resume resume) {
                send(session, Problem.INVALID_ROOM.refused(now, resume.room()));
                send(session, new Event.AskName(now));
            } else if (command instanceof Command.Usage usage
                    && (usage.spec() == CommandSpec.FORMAT || usage.spec() == CommandSpec.RESUME
                            || usage.spec() == CommandSpec.IDENTIFY)) {
                send(session, Problem.USAGE.event(now, usage.spec().usage()));
                send(session, new Event.AskName(now));
            } else {
                send(session, Problem.NAME_FIRST.event(now));
                send(session, new Event.AskName(now));
            }
            return;
        }
        accounts.forgetPending(session);
        Event.Error refused = Names.isValid(name) ? unusable(name, now) : Problem.INVALID_NAME.refused(now, name);
        if (refused == null && !accounts.mayTake(session, name)) {
            accounts.askPassword(session, name, secondsToLogIn(session));
            return;
        }
        if (refused == null && byName.containsKey(Names.key(name))) {
            refused = Problem.NAME_TAKEN.event(now, name);
        }
        if (refused != null) {
            send(session, refused);
            send(session, new Event.AskName(now));
            return;
        }
        name(session, name);
    }

    /** Whole seconds, rounded up, until the login timer of unnamed {@code session} closes it. */
    private long secondsToLogIn(Session session) {
        Duration left = session.loginTimer == null ? settings.loginTimeout() : session.loginTimer.remaining();
        return Math.max(1, (left.toMillis() + 999) / 1000);
    }

    /** Why no one may take valid {@code name} now (reserved, banned), or null if they may. */
    private Event.Error unusable(String name, Instant now) {
        return accounts.unusable(name, now);
    }

    /** {@code session}, which had no name, is {@code name} now: hello, then the lobby or the room it asked to resume. */
    private void name(Session session, String name) {
        Instant now = clock.instant();
        session.loginTimer.cancel();
        session.loginTimer = null;
        session.name = name;
        unnamed.remove(session);
        byName.put(Names.key(name), session);
        log.info("event=named id={} addr={} name={}", session.peer.id(), session.peer.address(), name);
        send(session, new Event.Hello(now, name));
        Command.Resume resume = resumeAtLogin.remove(session);
        Room room = resume == null ? null : rooms.get(resume.room());
        if (resume != null && room == null) {
            if (mayMakeRoom(session)) {
                room = newRoom(resume.room());
            } else {
                send(session, Problem.TOO_MANY_ROOMS.count(now, settings.maxRooms()));
            }
        }
        if (room != null) {
            enter(session, room, resume.lastId());
        } else {
            enter(session, rooms.get(ChatSettings.LOBBY), -1);
        }
    }

    /**
     * The login timer ran out. With a registered name waiting for its password, the user is
     * asked for another name and gets one more login timeout, once: asking for registered names
     * cannot keep a connection open for ever.
     */
    private void loginTimedOut(Session session) {
        if (session.gone || session.isNamed()) {
            return;
        }
        String pending = session.pendingName();
        if (pending != null && !session.standing().loginExtended) {
            session.standing().loginExtended = true;
            accounts.forgetPending(session);
            Instant now = clock.instant();
            send(session, Problem.IDENTIFY_TIMEOUT.event(now, pending));
            send(session, new Event.AskName(now));
            session.loginTimer = scheduler.schedule(settings.loginTimeout(), () -> loginTimedOut(session));
            return;
        }
        send(session, Problem.LOGIN_TIMEOUT.count(clock.instant(), settings.loginTimeout().toSeconds()));
        end(session, "login timeout");
        session.peer.close("login timeout");
    }

    private void say(Session from, String text) {
        message(from, text, Event.Said::new);
    }

    private void act(Session from, String action) {
        message(from, action, Event.Action::new);
    }

    /** How {@link Event.Said} and {@link Event.Action} are made: the two kinds of message. */
    private interface MessageKind {
        Event make(Instant ts, long id, String room, String from, String text, boolean echo);
    }

    /**
     * A message: to everyone else in the room, into its history and its log, and back to the
     * sender as an echo. In a room whose log is still being read it waits for its id, in order.
     */
    private void message(Session from, String text, MessageKind kind) {
        if (moderation.silenced(from, null)) {
            return;
        }
        Room room = from.room;
        if (room.loading == null) {
            message(from, from.name, room, text, kind);
        } else if (room.loading.held.size() < HELD_MESSAGES) {
            String name = from.name; // said under this name, whatever it is called by the time it is said
            room.loading.held.add(() -> message(from, name, room, text, kind));
        } else {
            send(from, Problem.HISTORY_BUSY.event(clock.instant()));
        }
    }

    /**
     * {@code from} said it in {@code room} as {@code name}, even if it has left or changed name
     * since (a message that waited for the log).
     */
    private void message(Session from, String name, Room room, String text, MessageKind kind) {
        Instant now = clock.instant();
        long id = rooms.takeId(room);
        messages++;
        Event event = kind.make(now, id, room.name, name, text, false);
        room.broadcast(new Outbound(event), from);
        room.remember(event);
        history.append(event);
        if (!from.gone) {
            send(from, kind.make(now, id, room.name, name, text, true));
        }
    }

    private void privateMessage(Session from, String to, String text) {
        Instant now = clock.instant();
        Session target = byName.get(Names.key(to));
        if (target == null) {
            send(from, Problem.NO_SUCH_USER.event(now, to));
            return;
        }
        if (moderation.silenced(from, target)) {
            return;
        }
        messages++;
        send(target, new Event.Private(now, from.name, target.name, text, false));
        send(from, new Event.Private(now, from.name, target.name, text, true));
    }

    private void rename(Session session, String newName) {
        Instant now = clock.instant();
        if (!Names.isValid(newName)) {
            send(session, Problem.INVALID_NAME.refused(now, newName));
            return;
        }
        String oldName = session.name;
        if (newName.equals(oldName)) {
            send(session, new Event.Renamed(now, session.room.name, oldName, newName, true));
            return;
        }
        Event.Error refused = unusable(newName, now);
        if (refused != null) {
            send(session, refused);
            return;
        }
        if (!accounts.mayTake(session, newName)) {
            accounts.refuseRename(session, newName);
            return;
        }
        Session holder = byName.get(Names.key(newName));
        if (holder != null && holder != session) {
            send(session, Problem.NAME_TAKEN.event(now, newName));
            return;
        }
        if (!mayRename(session)) {
            return;
        }
        renamed(session, newName);
    }

    /** The name-change limit: a change now counts, or the session is told how long to wait. */
    private boolean mayRename(Session session) {
        Instant now = clock.instant();
        long wait = nickWait(session, now.toEpochMilli());
        if (wait > 0) {
            send(session, Problem.NICK_TOO_FAST.count(now, (wait + 999) / 1000));
            return false;
        }
        return true;
    }

    /** {@code session} is called {@code newName} from now on; its room is told. */
    private void renamed(Session session, String newName) {
        Instant now = clock.instant();
        String oldName = session.name;
        byName.remove(Names.key(oldName));
        byName.put(Names.key(newName), session);
        session.name = newName;
        moderation.renamed(oldName, newName);
        log.info("event=rename id={} from={} to={}", session.peer.id(), oldName, newName);
        Room room = session.room;
        room.renamed();
        send(session, new Event.Renamed(now, room.name, oldName, newName, true));
        if (room.size() > settings.announceLimit()) {
            room.pendingRenames++;
            scheduleSummary(room);
        } else {
            room.broadcast(new Outbound(new Event.Renamed(now, room.name, oldName, newName, false)), session);
        }
    }

    /**
     * How many milliseconds {@code session} must wait before changing name, 0 if it may now; if
     * it may, the change is counted. {@link ChatSettings#NICK_BURST} changes at once, then one
     * per {@link ChatSettings#NICK_INTERVAL}. A wall clock that steps back makes no one wait
     * longer than one interval.
     */
    private long nickWait(Session session, long now) {
        long interval = ChatSettings.NICK_INTERVAL.toMillis();
        long spent = Math.min(nickAllowance.getOrDefault(session, now), now + ChatSettings.NICK_BURST * interval);
        long wait = spent - (ChatSettings.NICK_BURST - 1) * interval - now;
        if (wait > 0) {
            return wait;
        }
        nickAllowance.put(session, Math.max(spent, now) + interval);
        return 0;
    }

    /** {@code /join} ({@code since} -1) and {@code /resume} (replay only what is newer than {@code since}). */
    private void moveTo(Session session, String roomName, long since) {
        if (!Names.isValid(roomName)) {
            send(session, Problem.INVALID_ROOM.refused(clock.instant(), roomName));
            return;
        }
        Room target = rooms.get(roomName);
        if (target == session.room) {
            if (since < 0) {
                send(session, Problem.ALREADY_IN.event(clock.instant(), session.room.name));
            } else {
                replay(session, target, since);
            }
            return;
        }
        if (target == null) {
            if (!mayMakeRoom(session)) {
                send(session, Problem.TOO_MANY_ROOMS.count(clock.instant(), settings.maxRooms()));
                return;
            }
            target = newRoom(roomName);
        }
        leave(session, Event.Left.movedTo(target.name), null);
        enter(session, target, since);
    }

    /**
     * Whether {@code session} may make a new room: fewer than {@link ChatSettings#maxRooms}
     * would exist once it has left its own room, which goes if it is the last one in it.
     */
    private boolean mayMakeRoom(Session session) {
        Room current = session.room;
        boolean leavesOneEmpty = current != null && current.size() == 1 && !current.name.equals(ChatSettings.LOBBY);
        return rooms.size() - (leavesOneEmpty ? 1 : 0) < settings.maxRooms();
    }

    /**
     * A room that was not in memory. Without a log it starts at once; with one it has members at
     * once and its ids, history and messages once the log has been read ({@link #loaded}).
     */
    private Room newRoom(String roomName) {
        Room room = new Room(roomName, settings.historyLines(), settings.historyBytes(), rooms.freshId());
        rooms.add(room);
        if (history.persistent()) {
            Room.Loading loading = new Room.Loading();
            room.loading = loading;
            loading.timeout = scheduler.schedule(LOG_READ_TIMEOUT, () -> loaded(room, loading, null));
            history.load(room.name, settings.historyLines(), loaded -> loaded(room, loading, loaded));
        }
        return room;
    }

    /**
     * The log of {@code room} was read ({@code loaded}), or not in time (null: the room starts
     * with fresh ids, above every id ever given, so none is given twice; the late answer is
     * ignored). Members who came meanwhile get their history, then what was said meanwhile is said.
     * The log keeps no note of a jump to fresh ids (only of its own, {@link HistoryLog.Loaded#gaps}):
     * once the room is read back again, a {@code /resume} from before it counts the ids skipped as
     * missed. Rare (a disk five seconds late), and too many missed is the safe side.
     */
    private void loaded(Room room, Room.Loading loading, HistoryLog.Loaded loaded) {
        if (room.loading != loading) {
            return;
        }
        if (loaded == null) {
            log.warn("event=history_read_timeout room={} seconds={}", room.name, LOG_READ_TIMEOUT.toSeconds());
        }
        room.restore(loaded == null ? HistoryLog.Loaded.NOTHING : loaded, rooms.freshId());
        rooms.restored(room);
        loading.replays.forEach((session, since) -> replay(session, room, since));
        loading.held.forEach(Runnable::run);
        if (room.isEmpty() && !room.name.equals(ChatSettings.LOBBY)) {
            forget(room);
        }
    }

    /**
     * {@code /history}: from the room's memory when it keeps all that is asked (or all there
     * is), else from its log, on the log's thread; one read per session at a time, and a
     * bounded number for the server ({@link HistoryLog#page}), else the user hears it is busy.
     */
    private void history(Session session, Command.History asked) {
        Instant now = clock.instant();
        String name = asked.room() == null ? session.room.name : asked.room();
        if (!Names.isValid(name)) {
            send(session, Problem.INVALID_ROOM.refused(now, name));
            return;
        }
        Room room = rooms.get(name);
        boolean inMemory = room != null && room.loading == null;
        // 0: the newest, of a room whose last id is not known here
        long bound = asked.before() > 0 ? asked.before() : inMemory ? room.lastId() + 1 : 0;
        if (inMemory) {
            List<Event> kept = room.keptBefore(bound, asked.count());
            long oldest = kept.isEmpty() ? bound : HistoryLog.idOf(kept.get(0));
            boolean older = history.persistent() ? room.gaveBefore(oldest) : room.keepsBefore(oldest);
            if (kept.size() == asked.count() || !history.persistent() || !older) {
                sendPage(session, room.name, bound, kept, older);
                return;
            }
        }
        if (readingHistory.contains(session)) {
            send(session, Problem.HISTORY_BUSY.event(now));
            return;
        }
        String roomName = inMemory ? room.name : name;
        if (!history.page(roomName, bound > 0 ? bound : Long.MAX_VALUE, asked.count(),
                older -> paged(session, roomName, bound, older))) {
            send(session, Problem.HISTORY_BUSY.event(now));
            return;
        }
        readingHistory.add(session);
    }

    /** A {@code /history} read from a log; {@code before} 0: it asked for the newest. */
    private void paged(Session session, String room, long before, HistoryLog.Older older) {
        if (!readingHistory.remove(session)) {
            return; // gone meanwhile
        }
        List<Event> messages = older.messages();
        long bound = before > 0 || messages.isEmpty() ? before : HistoryLog.idOf(messages.get(messages.size() - 1)) + 1;
        // the room as its messages name it, not as the user typed it: /history DEV of a room called dev
        String shown = messages.isEmpty() ? room : HistoryLog.roomOf(messages.get(0));
        sendPage(session, shown, bound, messages, older.more());
    }

    private void sendPage(Session session, String room, long before, List<Event> messages, boolean more) {
        Instant now = clock.instant();
        send(session, new Event.HistoryPage(now, room, messages.size(), before, more));
        sendMessages(session, messages);
        send(session, new Event.HistoryEnd(now, room));
    }

    /** Replayed messages, charged as the class comment says. */
    private void sendMessages(Session session, List<Event> messages) {
        long bytes = 0;
        for (Event message : messages) {
            send(session, message);
            bytes += Room.textBytes(message);
        }
        // bytes / 4096 fits an int: at most 200 messages of at most --max-line-bytes (an int) each
        charge(session, (int) Math.max(messages.size() / REPLAY_MESSAGES_PER_TOKEN, bytes / REPLAY_BYTES_PER_TOKEN));
    }

    private void who(Session session, int asked) {
        Room room = session.room;
        List<String> names = room.sortedNames();
        Page page = Page.of(names.size(), asked);
        send(session, new Event.Who(clock.instant(), room.name, names.size(), names.subList(page.from(), page.to()),
                page.number(), page.pages()));
        charge(session, PAGE_COST);
    }

    private void listRooms(Session session, int asked) {
        List<Room> sortedRooms = rooms.sorted();
        Page page = Page.of(sortedRooms.size(), asked);
        List<Event.RoomCount> entries = new ArrayList<>(page.to() - page.from());
        for (Room room : sortedRooms.subList(page.from(), page.to())) {
            entries.add(new Event.RoomCount(room.name, room.size()));
        }
        send(session, new Event.Rooms(clock.instant(), sortedRooms.size(), entries, page.number(), page.pages()));
        charge(session, PAGE_COST);
    }

    /** {@code session}'s last line cost {@code lines} more than a line; see the class comment. */
    private static void charge(Session session, int lines) {
        if (lines > 0) {
            session.peer.charge(lines);
        }
    }

    private void quit(Session session, String reason) {
        send(session, new Event.Bye(clock.instant()));
        String why = reason.isEmpty() ? "quit" : "quit: " + reason;
        end(session, why);
        session.peer.close(why);
    }

    /** Takes the session out of the chat for good; safe to call more than once. */
    private void end(Session session, String reason) {
        end(session, reason, null);
    }

    /** As {@link #end(Session, String)}, with {@code farewell} to its room instead of the usual leave notice (null: that). */
    private void end(Session session, String reason, Event farewell) {
        if (session.gone) {
            return;
        }
        session.gone = true;
        sessions.remove(session);
        unnamed.remove(session);
        resumeAtLogin.remove(session);
        readingHistory.remove(session);
        nickAllowance.remove(session);
        if (session.loginTimer != null) {
            session.loginTimer.cancel();
        }
        if (session.isNamed()) {
            byName.remove(Names.key(session.name));
            if (shuttingDown) {
                session.room.remove(session); // no notice: everyone is leaving
                session.room = null;
            } else {
                leave(session, reason, farewell);
            }
        }
        log.info("event=disconnect id={} addr={} name={} reason={}",
                session.peer.id(), session.peer.address(), session.name, LogValues.quoted(reason));
    }

    private void enter(Session session, Room room, long since) {
        room.add(session);
        session.room = room;
        Instant now = clock.instant();
        send(session, new Event.Entered(now, room.name, room.size(), room.firstNames(TextCodec.NAMES_ON_ENTRY)));
        if (room.topic != null) {
            send(session, room.topic);
        }
        replay(session, room, since);
        if (room.size() > settings.announceLimit()) {
            room.pendingJoins++;
            scheduleSummary(room);
        } else {
            room.broadcast(new Outbound(new Event.Joined(now, room.name, session.name)), session);
        }
    }

    /**
     * The room's history, bracketed. A {@code since} the room has not reached yet (an id from
     * before a restart) is no place to resume from: the whole history is replayed instead.
     */
    private void replay(Session session, Room room, long since) {
        if (room.loading != null) {
            room.loading.replays.put(session, since);
            return;
        }
        Instant now = clock.instant();
        boolean resume = since >= 0 && since <= room.lastId();
        List<Event> messages = resume ? room.historyAfter(since) : List.copyOf(room.history());
        long missed = resume ? room.missedAfter(since) : 0;
        send(session, new Event.HistoryStart(now, room.name, messages.size(), resume ? since : -1, missed));
        sendMessages(session, messages);
        send(session, new Event.HistoryEnd(now, room.name));
    }

    /** Out of its room, with {@code farewell} (never counted into a summary) or, if null, the usual leave notice. */
    private void leave(Session session, String reason, Event farewell) {
        Room room = session.room;
        boolean big = room.size() > settings.announceLimit();
        room.remove(session);
        session.room = null;
        if (room.loading != null) {
            room.loading.replays.remove(session);
        }
        if (farewell != null) {
            room.broadcast(new Outbound(farewell), null);
        } else if (big) {
            room.pendingLeaves++;
            scheduleSummary(room);
        } else {
            room.broadcast(new Outbound(new Event.Left(clock.instant(), room.name, session.name, reason)), null);
        }
        if (room.isEmpty() && !room.name.equals(ChatSettings.LOBBY) && room.loading == null) {
            forget(room);
        }
    }

    /**
     * An empty room leaves memory; its log stays. One whose log is still being read stays until
     * the answer, so that what was said meanwhile gets its ids from it, and a room of the same
     * name cannot read the log before that is written.
     */
    private void forget(Room room) {
        rooms.remove(room);
        if (room.summaryTimer != null) {
            room.summaryTimer.cancel();
        }
    }

    private void scheduleSummary(Room room) {
        if (room.summaryTimer == null) {
            room.summaryTimer = scheduler.schedule(ChatSettings.SUMMARY_INTERVAL, () -> announceSummary(room));
        }
    }

    private void announceSummary(Room room) {
        room.summaryTimer = null;
        if (room.pendingJoins == 0 && room.pendingLeaves == 0 && room.pendingRenames == 0) {
            return;
        }
        Event summary = new Event.Summary(clock.instant(), room.name, room.pendingJoins, room.pendingLeaves,
                room.pendingRenames, room.size());
        room.pendingJoins = 0;
        room.pendingLeaves = 0;
        room.pendingRenames = 0;
        room.broadcast(new Outbound(summary), null);
    }

    private void send(Session session, Event event) {
        session.peer.send(new Outbound(event));
    }

    /**
     * A SIGHUP re-read the operator file and the bans file (each null if it could not be read,
     * and then kept as it was): operators no longer listed stop being operators, and sessions
     * now banned are removed.
     */
    public void reloaded(OperTable opers, List<Ban> bans) {
        if (opers != null) {
            accounts.reloaded(opers);
        }
        if (bans != null) {
            moderation.reloaded(bans);
        }
    }

    /** What {@link Accounts} and {@link Moderation} may do to the chat. */
    private final class ChatMembers implements Members {

        @Override
        public Instant now() {
            return clock.instant();
        }

        @Override
        public Session named(String name) {
            return byName.get(Names.key(name));
        }

        @Override
        public Room room(String name) {
            return rooms.get(name);
        }

        @Override
        public List<Session> sessions() {
            return new ArrayList<>(sessions);
        }

        @Override
        public void send(Session to, Event event) {
            Chat.this.send(to, event);
        }

        @Override
        public void broadcast(Room room, Event event, Session except) {
            room.broadcast(new Outbound(event), except);
        }

        @Override
        public void everyone(Event event) {
            Outbound out = new Outbound(event);
            for (Session session : byName.values()) {
                session.peer.send(out);
            }
        }

        @Override
        public void remove(Session victim, Event echo, Event farewell, String reason) {
            Chat.this.send(victim, echo);
            end(victim, reason, farewell);
            victim.peer.close(reason);
        }

        @Override
        public void name(Session session, String name) {
            if (session.isNamed()) {
                renamed(session, name);
            } else {
                Chat.this.name(session, name);
            }
        }

        @Override
        public boolean mayRename(Session session) {
            return Chat.this.mayRename(session);
        }
    }
}
