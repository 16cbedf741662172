package chatroom.protocol;

import java.time.Duration;

/** One line from a named user, parsed. {@link CommandParser} makes these; the server applies them. */
public sealed interface Command {

    /** A chat line for the room. */
    record Say(String text) implements Command {}

    record Me(String action) implements Command {}

    record Msg(String to, String text) implements Command {}

    record Nick(String name) implements Command {}

    record Join(String room) implements Command {}

    /** Join {@code room} (or stay in it), replaying only the messages with an id above {@code lastId}. */
    record Resume(String room, long lastId) implements Command {}

    /**
     * Older messages of {@code room} (null: the room the user is in), asked for: the
     * {@code count} newest with an id below {@code before} (0: no bound, the newest of all).
     * Answered with {@link Event.HistoryPage}, the messages, then {@link Event.HistoryEnd}.
     */
    record History(String room, long before, int count) implements Command {
        /** How many {@code /history} asks for when it names no number. */
        public static final int DEFAULT_COUNT = 20;
        /** The most one {@code /history} may ask for. */
        public static final int MAX_COUNT = 200;

        /** {@code /history}: the last {@link #DEFAULT_COUNT} messages of the room the user is in. */
        public History() {
            this(null, 0, DEFAULT_COUNT);
        }
    }

    /** {@code page} counts from 1. */
    record Who(int page) implements Command {
        public Who() {
            this(1);
        }
    }

    /** {@code page} counts from 1. */
    record Rooms(int page) implements Command {
        public Rooms() {
            this(1);
        }
    }

    record Help() implements Command {}

    /** Switch how the server writes to this connection. */
    record SetFormat(Format format) implements Command {}

    /** Are you there? Answered with {@link Event.Pong}; allowed before a name too. */
    record Ping() implements Command {}

    /** {@code reason} is empty when none was given. */
    record Quit(String reason) implements Command {}

    /**
     * A command that carries a password. Its {@code toString} hides it, so no log line,
     * assertion message or exception text can print one by accident; the client keeps these
     * lines out of its history.
     */
    sealed interface Secret extends Command permits Register, Identify, Unregister, Passwd, Oper {}

    /** Reserve the current name: from then on it needs {@link Identify}. */
    record Register(String password) implements Secret {
        @Override
        public String toString() {
            return "Register[password=<hidden>]";
        }
    }

    /** Prove a registered name is yours; {@code name} null means the name just asked for (or the current one). */
    record Identify(String name, String password) implements Secret {
        @Override
        public String toString() {
            return "Identify[name=" + name + ", password=<hidden>]";
        }
    }

    record Unregister(String password) implements Secret {
        @Override
        public String toString() {
            return "Unregister[password=<hidden>]";
        }
    }

    record Passwd(String oldPassword, String newPassword) implements Secret {
        @Override
        public String toString() {
            return "Passwd[<hidden>]";
        }
    }

    /** Become an operator: {@code account} is a name in the server's operator file. */
    record Oper(String account, String password) implements Secret {
        @Override
        public String toString() {
            return "Oper[account=" + account + ", password=<hidden>]";
        }
    }

    /** Show {@code room}'s topic ({@code text} null), clear it ({@code text} empty) or set it. */
    record Topic(String room, String text) implements Command {}

    /** {@code reason} is empty when none was given. */
    record Kick(String name, String reason) implements Command {}

    /**
     * Keep a name ({@code name}) or an address block ({@code block}, canonical as
     * {@link AddressBlocks#canonical} writes it) out: exactly one is set. {@code duration} null
     * is until {@code /unban}; {@code reason} is empty when none was given.
     */
    record Ban(String name, String block, Duration duration, String reason) implements Command {}

    /** Exactly one of {@code name} and {@code block} is set, as in {@link Ban}. */
    record Unban(String name, String block) implements Command {}

    /** {@code page} counts from 1. */
    record Bans(int page) implements Command {}

    /** {@code duration} null: the default ({@link Durations#DEFAULT_MUTE}). */
    record Mute(String name, Duration duration) implements Command {}

    record Unmute(String name) implements Command {}

    /** A message to everyone on the server. */
    record Wall(String text) implements Command {}

    /** Stop being an operator. */
    record Deoper() implements Command {}

    /** A known command used wrongly. */
    record Usage(CommandSpec spec) implements Command {}

    record Unknown(String name) implements Command {}

    /** A blank line: nothing to do. */
    record Nothing() implements Command {}
}
