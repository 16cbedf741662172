package chatroom.server.chat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat itself: names, rooms, commands, notices. It sees users as {@link Peer}s and text
 * lines, never sockets, so every rule here is testable without a network.
 *
 * <p>Single-threaded by design: every method runs on the event-loop thread, which is what
 * makes "everyone in a room sees the same lines in the same order" true without locks.
 *
 * <pre>
 *   connected ──▶ AWAITING NAME ──(valid, free name)──▶ IN A ROOM ──(/quit, close, kick)──▶ GONE
 *                     │                                    ▲   │
 *                     └──(login timeout, /quit, close)──▶ GONE  └─(/join)─┘
 * </pre>
 */
public final class Chat {

    private static final Logger log = LoggerFactory.getLogger(Chat.class);

    private final ChatSettings settings;
    private final Scheduler scheduler;
    private final LineEncoder encoder;
    private final TimeStamps time;

    private final Set<Session> sessions = new LinkedHashSet<>();
    private final Map<String, Session> byName = new HashMap<>();
    private final Map<String, Room> rooms = new HashMap<>();
    private boolean shuttingDown;

    public Chat(ChatSettings settings, Scheduler scheduler, LineEncoder encoder, Clock clock) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.encoder = encoder;
        this.time = new TimeStamps(clock);
        rooms.put(Names.key(ChatSettings.LOBBY), new Room(ChatSettings.LOBBY, settings.historyLines()));
    }

    /** A new connection: greet it and give it until the login timeout to choose a name. */
    public Session connected(Peer peer) {
        Session session = new Session(peer);
        sessions.add(session);
        send(session, Lines.welcome());
        for (String line : settings.motd()) {
            send(session, Lines.notice(line));
        }
        send(session, Lines.askName());
        session.loginTimer = scheduler.schedule(settings.loginTimeout(), () -> loginTimedOut(session));
        return session;
    }

    /** One line as the user typed it (decoded, not yet sanitized). */
    public void line(Session session, String raw) {
        if (session.gone) {
            return;
        }
        String text = Text.sanitize(raw);
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
        } else if (command instanceof Command.Me me) {
            act(session, me.action());
        } else if (command instanceof Command.Msg msg) {
            privateMessage(session, msg.to(), msg.text());
        } else if (command instanceof Command.Nick nick) {
            rename(session, nick.name());
        } else if (command instanceof Command.Join join) {
            moveTo(session, join.room());
        } else if (command instanceof Command.Who) {
            who(session);
        } else if (command instanceof Command.Rooms) {
            listRooms(session);
        } else if (command instanceof Command.Help) {
            Lines.HELP.forEach(line -> send(session, line));
        } else if (command instanceof Command.Quit quit) {
            quit(session, quit.reason());
        } else if (command instanceof Command.Usage usage) {
            send(session, Lines.usage(usage.usage()));
        } else if (command instanceof Command.Unknown unknown) {
            send(session, Lines.unknownCommand(unknown.name()));
        }
        // Command.Nothing: a blank line, ignored.
    }

    /** The user sent a line longer than the transport accepts; it was dropped. */
    public void lineTooLong(Session session, int maxLineBytes) {
        if (!session.gone) {
            send(session, Lines.tooLong(maxLineBytes));
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
        broadcastToAll(encoder.encode(Lines.shuttingDown()));
    }

    /** How many users have chosen a name. */
    public int namedUsers() {
        return byName.size();
    }

    private void chooseName(Session session, String text) {
        String name = text.strip();
        if (name.isEmpty()) {
            return;
        }
        if (name.startsWith("/")) {
            Command command = CommandParser.parse(name);
            if (command instanceof Command.Quit quit) {
                quit(session, quit.reason());
            } else {
                send(session, Lines.nameFirst());
                send(session, Lines.askName());
            }
            return;
        }
        if (!Names.isValid(name)) {
            send(session, Lines.invalidName(name));
            send(session, Lines.askName());
            return;
        }
        if (byName.containsKey(Names.key(name))) {
            send(session, Lines.nameTaken(name));
            send(session, Lines.askName());
            return;
        }
        session.loginTimer.cancel();
        session.loginTimer = null;
        session.name = name;
        byName.put(Names.key(name), session);
        log.info("event=named id={} addr={} name={}", session.peer.id(), session.peer.address(), name);
        send(session, Lines.hello(name));
        enter(session, rooms.get(Names.key(ChatSettings.LOBBY)));
    }

    private void loginTimedOut(Session session) {
        if (session.gone || session.isNamed()) {
            return;
        }
        send(session, Lines.loginTimeout(settings.loginTimeout().toSeconds()));
        end(session, "login timeout");
        session.peer.close("login timeout");
    }

    private void say(Session session, String text) {
        String line = Lines.message(time.now(), session.name, text);
        broadcastMessage(session, line);
    }

    private void act(Session session, String action) {
        broadcastMessage(session, Lines.action(time.now(), session.name, action));
    }

    /** A message or action: to everyone else in the room, and into its history. */
    private void broadcastMessage(Session from, String line) {
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        from.room.broadcast(encoder.encodeBytes(utf8), from);
        from.room.remember(utf8);
    }

    private void privateMessage(Session from, String to, String text) {
        Session target = byName.get(Names.key(to));
        if (target == null) {
            send(from, Lines.noSuchUser(to));
            return;
        }
        String now = time.now();
        send(target, Lines.privateFrom(now, from.name, text));
        send(from, Lines.privateTo(now, target.name, text));
    }

    private void rename(Session session, String newName) {
        if (!Names.isValid(newName)) {
            send(session, Lines.invalidName(newName));
            return;
        }
        String oldName = session.name;
        if (newName.equals(oldName)) {
            send(session, Lines.youAreNow(newName));
            return;
        }
        Session holder = byName.get(Names.key(newName));
        if (holder != null && holder != session) {
            send(session, Lines.nameTaken(newName));
            return;
        }
        byName.remove(Names.key(oldName));
        byName.put(Names.key(newName), session);
        session.name = newName;
        log.info("event=rename id={} from={} to={}", session.peer.id(), oldName, newName);
        send(session, Lines.youAreNow(newName));
        session.room.broadcast(encoder.encode(Lines.renamed(oldName, newName)), session);
    }

    private void moveTo(Session session, String roomName) {
        if (!Names.isValid(roomName)) {
            send(session, Lines.invalidRoom(roomName));
            return;
        }
        Room target = rooms.get(Names.key(roomName));
        if (target == session.room) {
            send(session, Lines.alreadyIn(session.room.name));
            return;
        }
        if (target == null) {
            target = new Room(roomName, settings.historyLines());
            rooms.put(Names.key(roomName), target);
        }
        leave(session, "moved to " + target.name);
        enter(session, target);
    }

    private void who(Session session) {
        List<String> names = new ArrayList<>(session.room.size());
        for (Session member : session.room.members()) {
            names.add(member.name);
        }
        names.sort(String.CASE_INSENSITIVE_ORDER);
        send(session, Lines.who(session.room.name, names));
    }

    private void listRooms(Session session) {
        List<Room> sorted = new ArrayList<>(rooms.values());
        sorted.sort(Comparator.comparing(room -> room.name, String.CASE_INSENSITIVE_ORDER));
        List<String> entries = new ArrayList<>(sorted.size());
        for (Room room : sorted) {
            entries.add(Lines.roomWithCount(room.name, room.size()));
        }
        send(session, Lines.rooms(entries));
    }

    private void quit(Session session, String reason) {
        send(session, Lines.bye());
        String why = reason.isEmpty() ? "quit" : "quit: " + reason;
        end(session, why);
        session.peer.close(why);
    }

    /** Takes the session out of the chat for good; safe to call more than once. */
    private void end(Session session, String reason) {
        if (session.gone) {
            return;
        }
        session.gone = true;
        sessions.remove(session);
        if (session.loginTimer != null) {
            session.loginTimer.cancel();
        }
        if (session.isNamed()) {
            byName.remove(Names.key(session.name));
            if (shuttingDown) {
                session.room.remove(session); // no notice: everyone is leaving
                session.room = null;
            } else {
                leave(session, reason);
            }
        }
        log.info("event=disconnect id={} addr={} name={} reason=\"{}\"",
                session.peer.id(), session.peer.address(), session.name, reason);
    }

    private void enter(Session session, Room room) {
        room.add(session);
        session.room = room;
        send(session, Lines.roomEntered(room.name, room.size(), room.firstNames(Lines.NAMES_ON_JOIN)));
        if (!room.history().isEmpty()) {
            send(session, Lines.historyHeader(room.history().size(), room.name));
            for (byte[] line : room.history()) {
                session.peer.send(encoder.encodeBytes(line));
            }
        }
        if (room.size() > settings.announceLimit()) {
            room.pendingJoins++;
            scheduleSummary(room);
        } else {
            room.broadcast(encoder.encode(Lines.joined(session.name, room.name)), session);
        }
    }

    private void leave(Session session, String reason) {
        Room room = session.room;
        boolean big = room.size() > settings.announceLimit();
        room.remove(session);
        session.room = null;
        if (big) {
            room.pendingLeaves++;
            scheduleSummary(room);
        } else {
            room.broadcast(encoder.encode(Lines.left(session.name, room.name, reason)), null);
        }
        if (room.isEmpty() && !room.name.equals(ChatSettings.LOBBY)) {
            rooms.remove(Names.key(room.name));
            if (room.summaryTimer != null) {
                room.summaryTimer.cancel();
            }
        }
    }

    private void scheduleSummary(Room room) {
        if (room.summaryTimer == null) {
            room.summaryTimer = scheduler.schedule(ChatSettings.SUMMARY_INTERVAL, () -> announceSummary(room));
        }
    }

    private void announceSummary(Room room) {
        room.summaryTimer = null;
        if (room.pendingJoins == 0 && room.pendingLeaves == 0) {
            return;
        }
        ByteBuffer line = encoder.encode(Lines.summary(room.pendingJoins, room.pendingLeaves, room.size()));
        room.pendingJoins = 0;
        room.pendingLeaves = 0;
        room.broadcast(line, null);
    }

    private void broadcastToAll(ByteBuffer line) {
        for (Session session : sessions) {
            session.peer.send(line);
        }
    }

    private void send(Session session, String line) {
        session.peer.send(encoder.encode(line));
    }
}
