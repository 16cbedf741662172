package chatroom.protocol;

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

    /** A known command used wrongly. */
    record Usage(CommandSpec spec) implements Command {}

    record Unknown(String name) implements Command {}

    /** A blank line: nothing to do. */
    record Nothing() implements Command {}
}
