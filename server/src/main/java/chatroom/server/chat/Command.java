package chatroom.server.chat;

/** One line from a named user, parsed. {@link CommandParser} makes these; {@link Chat} applies them. */
sealed interface Command {

    /** A chat line for the room. */
    record Say(String text) implements Command {}

    record Me(String action) implements Command {}

    record Msg(String to, String text) implements Command {}

    record Nick(String name) implements Command {}

    record Join(String room) implements Command {}

    record Who() implements Command {}

    record Rooms() implements Command {}

    record Help() implements Command {}

    /** {@code reason} is empty when none was given. */
    record Quit(String reason) implements Command {}

    /** A known command used wrongly; {@code usage} says how to use it. */
    record Usage(String usage) implements Command {}

    record Unknown(String name) implements Command {}

    /** A blank line: nothing to do. */
    record Nothing() implements Command {}
}
