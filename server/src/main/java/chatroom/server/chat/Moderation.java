package chatroom.server.chat;

import chatroom.protocol.Command;
import chatroom.protocol.CommandSpec;
import chatroom.protocol.Durations;
import chatroom.protocol.Event;
import chatroom.protocol.Names;
import chatroom.protocol.Problem;
import chatroom.server.log.LogValues;
import chatroom.server.mod.AddressBlock;
import chatroom.server.mod.Ban;
import chatroom.server.mod.BanList;
import chatroom.server.store.Persistence;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What operators do to others: {@code /kick}, {@code /ban}, {@code /unban}, {@code /bans},
 * {@code /mute}, {@code /unmute}, {@code /wall}, and room topics ({@code /topic}: anyone
 * reads, operators set). Every command checks the role first and answers
 * {@link Problem#NOT_OPERATOR} with its word; operators cannot be kicked, banned or muted
 * (another operator is removed by editing the operator file).
 *
 * <p>Kicks and bans end the session with their own notice to the room instead of the usual
 * leave, one line each even in a room too big for a line per join: operator actions are rare
 * and must be seen.
 *
 * <p>Mutes are by name ({@link Names#key}), so reconnecting does not lift one, and follow a
 * rename; they are not persisted. Bans are kept in the shared {@link BanList} and saved on
 * every change.
 */
final class Moderation {

    private static final Logger log = LoggerFactory.getLogger(Moderation.class);

    /** The longest topic, in characters (code points: an emoji is one, as a reader counts it). */
    static final int MAX_TOPIC = 300;
    /** The longest ban or kick reason kept, in characters: it goes into every listing and the bans file. */
    static final int MAX_REASON = 200;
    /** A muted user is told so at most this often; the rest of their lines vanish silently. */
    static final Duration MUTED_NOTICE_INTERVAL = Duration.ofSeconds(30);

    /** A mute: held by the name it was made for, renamed with its user. */
    private static final class Mute {
        String name;
        final Instant until;
        Scheduler.Timer timer;

        Mute(String name, Instant until) {
            this.name = name;
            this.until = until;
        }
    }

    private final BanList bans;
    private final Persistence persistence;
    private final Scheduler scheduler;
    private final Members members;
    /** By {@link Names#key} of the muted name. */
    private final Map<String, Mute> mutes = new HashMap<>();

    Moderation(ChatServices services, Scheduler scheduler, Members members) {
        this.bans = services.bans();
        this.persistence = services.persistence();
        this.scheduler = scheduler;
        this.members = members;
    }

    // ------------------------------------------------------------------ kick and ban

    void kick(Session operator, Command.Kick command) {
        Session victim = allowed(operator, CommandSpec.KICK) ? target(operator, command.name()) : null;
        if (victim == null) {
            return;
        }
        Instant now = members.now();
        String reason = reason(command.reason());
        Room room = victim.room;
        Event farewell = new Event.Kicked(now, room.name, victim.name, operator.name, reason, false);
        log.info("event=kick id={} addr={} by={} target={} reason={}", victim.peer.id(), victim.peer.address(),
                operator.name, victim.name, LogValues.quoted(reason));
        members.remove(victim, new Event.Kicked(now, room.name, victim.name, operator.name, reason, true), farewell,
                "kicked by " + operator.name);
        if (operator.room != room) {
            members.send(operator, farewell);
        }
    }

    /**
     * A name, a block, or (a name online) the name and the address it connects from, as one
     * ban: a name alone is dodged by choosing another. The sessions it catches are removed.
     */
    void ban(Session operator, Command.Ban command) {
        if (!allowed(operator, CommandSpec.BAN)) {
            return;
        }
        Instant now = members.now();
        String name = command.name();
        String block = command.block();
        if (name != null) {
            if (!Names.isValid(name)) {
                members.send(operator, Problem.INVALID_NAME.refused(now, name));
                return;
            }
            Session online = members.named(name);
            if (online != null && online.isOperator()) {
                members.send(operator, Problem.CANNOT_TARGET_OPERATOR.event(now, online.name));
                return;
            }
            if (online != null && online.peer.inetAddress() != null) {
                block = AddressBlock.unitOf(online.peer.inetAddress()).toString();
            }
        }
        AddressBlock parsed = block == null ? null : AddressBlock.parse(block);
        InetAddress own = operator.peer.inetAddress();
        if (block != null && parsed == null) {
            members.send(operator, Problem.INVALID_ADDRESS.refused(now, block));
        } else if (parsed != null && parsed.tooWide()) {
            members.send(operator, Problem.BAN_TOO_WIDE.event(now));
        } else if (parsed != null && own != null && parsed.contains(own)) {
            members.send(operator, Problem.BAN_SELF.event(now, own.getHostAddress()));
        } else {
            Instant until = command.duration() == null ? null : now.plus(command.duration());
            Ban ban = bans.add(new Ban(0, name, block == null ? null : parsed.toString(), operator.name, now, until,
                    reason(command.reason())));
            persistence.saveBans(bans.active(now));
            int closed = expelBanned(now);
            log.info("event=ban ban={} by={} target={} until={} reason={} closed={}", ban.id(), operator.name,
                    LogValues.quoted(ban.target()), until, LogValues.quoted(ban.reason()), closed);
            members.send(operator, new Event.Banned(now, null, ban.target(), operator.name, until, ban.reason(),
                    closed, false));
        }
    }

    void unban(Session operator, Command.Unban command) {
        if (!allowed(operator, CommandSpec.UNBAN)) {
            return;
        }
        Instant now = members.now();
        String target = command.name() != null ? command.name() : command.block();
        if (command.block() != null && AddressBlock.parse(command.block()) == null) {
            members.send(operator, Problem.INVALID_ADDRESS.refused(now, command.block()));
            return;
        }
        List<Ban> lifted = bans.remove(command.name() == null ? null : Names.key(command.name()), command.block());
        if (lifted.isEmpty()) {
            members.send(operator, Problem.NOT_BANNED.event(now, target));
            return;
        }
        persistence.saveBans(bans.active(now));
        for (Ban ban : lifted) {
            log.info("event=unban ban={} by={} target={}", ban.id(), operator.name, LogValues.quoted(ban.target()));
        }
        members.send(operator, new Event.Unbanned(now, target, operator.name));
    }

    void list(Session operator, Command.Bans command) {
        if (!allowed(operator, CommandSpec.BANS)) {
            return;
        }
        Instant now = members.now();
        List<Ban> all = bans.active(now);
        Page page = Page.of(all.size(), command.page());
        List<Event.BanEntry> entries = new ArrayList<>(page.to() - page.from());
        for (Ban ban : all.subList(page.from(), page.to())) {
            entries.add(new Event.BanEntry(ban.target(), ban.by(), ban.set(), ban.until(), ban.reason()));
        }
        members.send(operator, new Event.Bans(now, all.size(), entries, page.number(), page.pages()));
        operator.peer.charge(Chat.PAGE_COST);
    }

    /** A SIGHUP re-read the bans file: it replaces the bans, and whoever they now catch is removed. */
    void reloaded(List<Ban> loaded) {
        bans.replace(loaded);
        int closed = expelBanned(members.now());
        log.info("event=bans_reloaded bans={} closed={}", loaded.size(), closed);
    }

    /** Removes every session, named or not, that a ban in force catches (operators excepted); how many. */
    private int expelBanned(Instant now) {
        int closed = 0;
        for (Session session : members.sessions()) {
            Ban ban = session.isNamed() ? bans.nameBan(Names.key(session.name), now) : null;
            InetAddress address = session.peer.inetAddress();
            if (ban == null && address != null) {
                ban = bans.addressBan(address, now);
            }
            if (ban != null && !session.isOperator()) {
                Room room = session.room;
                String who = session.isNamed() ? session.name : ban.target();
                Event farewell = room == null ? null
                        : new Event.Banned(now, room.name, who, ban.by(), ban.until(), ban.reason(), 0, false);
                log.info("event=banned id={} addr={} name={} ban={}", session.peer.id(), session.peer.address(),
                        session.name, ban.id());
                members.remove(session, new Event.Banned(now, room == null ? null : room.name, who, ban.by(),
                        ban.until(), ban.reason(), 0, true), farewell, "banned by " + ban.by());
                closed++;
            }
        }
        return closed;
    }

    // ------------------------------------------------------------------ mutes

    void mute(Session operator, Command.Mute command) {
        Session victim = allowed(operator, CommandSpec.MUTE) ? target(operator, command.name()) : null;
        if (victim == null) {
            return;
        }
        Instant now = members.now();
        Duration duration = command.duration() != null ? command.duration() : Durations.DEFAULT_MUTE;
        Mute mute = new Mute(victim.name, now.plus(duration));
        Mute old = mutes.put(Names.key(victim.name), mute);
        if (old != null) {
            old.timer.cancel();
        }
        mute.timer = scheduler.schedule(duration, () -> ranOut(mute));
        log.info("event=mute id={} by={} target={} until={}", victim.peer.id(), operator.name, victim.name, mute.until);
        announce(operator, victim, new Event.Muted(now, victim.room.name, victim.name, operator.name, mute.until, false),
                new Event.Muted(now, victim.room.name, victim.name, operator.name, mute.until, true));
    }

    void unmute(Session operator, Command.Unmute command) {
        if (!allowed(operator, CommandSpec.UNMUTE)) {
            return;
        }
        Instant now = members.now();
        Mute mute = mutes.remove(Names.key(command.name()));
        if (mute != null) {
            mute.timer.cancel();
        }
        Session victim = members.named(command.name());
        if (mute == null) {
            members.send(operator, victim == null ? Problem.NO_SUCH_USER.refused(now, command.name())
                    : Problem.NOT_MUTED.event(now, victim.name));
            return;
        }
        log.info("event=unmute by={} target={}", operator.name, LogValues.quoted(command.name()));
        if (victim == null) {
            members.send(operator, new Event.Unmuted(now, null, mute.name, operator.name, false));
        } else {
            announce(operator, victim, new Event.Unmuted(now, victim.room.name, victim.name, operator.name, false),
                    new Event.Unmuted(now, victim.room.name, victim.name, operator.name, true));
        }
    }

    private void ranOut(Mute mute) {
        if (!mutes.remove(Names.key(mute.name), mute)) {
            return;
        }
        log.info("event=unmute by=- target={}", mute.name);
        Session victim = members.named(mute.name);
        if (victim != null) {
            Instant now = members.now();
            members.broadcast(victim.room, new Event.Unmuted(now, victim.room.name, victim.name, null, false), victim);
            members.send(victim, new Event.Unmuted(now, victim.room.name, victim.name, null, true));
        }
    }

    /**
     * Whether a line from {@code from} (to {@code to}, null for the room) goes nowhere because
     * they are muted. They are told at most once every {@link #MUTED_NOTICE_INTERVAL}; a private
     * message to an operator still goes (how a muted user appeals).
     */
    boolean silenced(Session from, Session to) {
        Mute mute = mutes.isEmpty() ? null : mutes.get(Names.key(from.name));
        if (mute == null) {
            return false; // every message asks: no clock read unless someone is muted
        }
        Instant now = members.now();
        if (!now.isBefore(mute.until) || (to != null && to.isOperator())) {
            return false;
        }
        Standing standing = from.standing();
        long ms = now.toEpochMilli();
        if (standing.mutedNoticeAt == 0 || ms - standing.mutedNoticeAt >= MUTED_NOTICE_INTERVAL.toMillis()) {
            standing.mutedNoticeAt = ms;
            members.send(from, Problem.MUTED.event(now, Durations.describe(Duration.between(now, mute.until))));
        }
        return true;
    }

    /** Whether {@code session} is muted now (nothing told): its {@code /quit} reason, read by the room, is dropped. */
    boolean muted(Session session) {
        Mute mute = mutes.isEmpty() || !session.isNamed() ? null : mutes.get(Names.key(session.name));
        return mute != null && members.now().isBefore(mute.until);
    }

    /** A user changed name: a mute on the old name follows them. */
    void renamed(String from, String to) {
        Mute mute = mutes.isEmpty() ? null : mutes.remove(Names.key(from));
        if (mute != null) {
            mute.name = to;
            mutes.put(Names.key(to), mute);
        }
    }

    // ------------------------------------------------------------------ topics and wall

    void topic(Session session, Command.Topic command) {
        Instant now = members.now();
        Room room = members.room(command.room());
        if (room == null) {
            members.send(session, Problem.NO_SUCH_ROOM.refused(now, command.room()));
        } else if (command.text() == null) {
            members.send(session, room.topic != null ? room.topic : new Event.Topic(now, room.name, "", null, false));
        } else if (!allowed(session, CommandSpec.TOPIC)) {
            return;
        } else if (command.text().codePointCount(0, command.text().length()) > MAX_TOPIC) {
            members.send(session, Problem.TOPIC_TOO_LONG.count(now, MAX_TOPIC));
        } else {
            String text = command.text();
            room.topic = text.isEmpty() ? null : new Event.Topic(now, room.name, text, session.name, false);
            log.info("event=topic id={} by={} room={} cleared={}", session.peer.id(), session.name, room.name,
                    text.isEmpty());
            Event changed = new Event.Topic(now, room.name, text, session.name, true);
            members.broadcast(room, changed, null);
            if (session.room != room) {
                members.send(session, changed);
            }
        }
    }

    void wall(Session operator, Command.Wall command) {
        if (allowed(operator, CommandSpec.WALL)) {
            log.info("event=wall id={} by={} chars={}", operator.peer.id(), operator.name, command.text().length());
            members.everyone(new Event.Wall(members.now(), operator.name, command.text()));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Whether {@code session} is an operator; if not, it is told {@code spec} is for operators. */
    private boolean allowed(Session session, CommandSpec spec) {
        if (session.isOperator()) {
            return true;
        }
        members.send(session, Problem.NOT_OPERATOR.event(members.now(), spec.word()));
        return false;
    }

    /** The online user called {@code name} that an operator may act on, or null (and the operator is told why). */
    private Session target(Session operator, String name) {
        Session victim = members.named(name);
        if (victim == null) {
            members.send(operator, Problem.NO_SUCH_USER.refused(members.now(), name));
        } else if (victim.isOperator()) {
            members.send(operator, Problem.CANNOT_TARGET_OPERATOR.event(members.now(), victim.name));
            return null;
        }
        return victim;
    }

    /** {@code event} to {@code victim}'s room, {@code echo} to the victim, and the event to the operator if elsewhere. */
    private void announce(Session operator, Session victim, Event event, Event echo) {
        members.broadcast(victim.room, event, victim);
        members.send(victim, echo);
        if (operator.room != victim.room) {
            members.send(operator, event);
        }
    }

    /** One line of at most {@link #MAX_REASON} characters (a tab would split a line of the bans file). */
    private static String reason(String reason) {
        String line = reason.replace('\t', ' ');
        if (line.length() <= MAX_REASON) {
            return line;
        }
        int cut = Character.isHighSurrogate(line.charAt(MAX_REASON - 4)) ? MAX_REASON - 4 : MAX_REASON - 3;
        return line.substring(0, cut) + "...";
    }
}
