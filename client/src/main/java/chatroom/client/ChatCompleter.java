package chatroom.client;

import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: the first word completes to a command when it starts with {@code /};
 * any other word completes to the name of someone in the room, except where a command takes
 * something else ({@code /join ROOM}, {@code /nick NEW_NAME}) or nothing at all.
 */
final class ChatCompleter implements Completer {

    /** The server's commands (docs/PROTOCOL.md), with what each takes. */
    enum Command {
        HELP("/help", "", "list the commands"),
        WHO("/who", "", "who is in this room"),
        ROOMS("/rooms", "", "the rooms and how many are in each"),
        JOIN("/join", "ROOM", "go to ROOM (made if it does not exist)"),
        MSG("/msg", "NAME TEXT", "a private message to NAME, in any room"),
        ME("/me", "ACTION", "tell the room what you are doing"),
        NICK("/nick", "NAME", "change your name"),
        QUIT("/quit", "[REASON]", "leave");

        final String word;
        final String args;
        final String description;

        Command(String word, String args, String description) {
            this.word = word;
            this.args = args;
            this.description = description;
        }

        /** Whether the argument at {@code index} (0 = first after the command) is someone's name. */
        boolean takesNameAt(int index) {
            return switch (this) {
                case MSG -> index == 0;
                case ME -> true; // "/me waves at bob"
                default -> false;
            };
        }

        static Command of(String word) {
            for (Command c : values()) {
                if (c.word.equalsIgnoreCase(word)) {
                    return c;
                }
            }
            return null;
        }
    }

    private final Supplier<List<String>> names;

    /** @param names who is in the room now; asked on every completion */
    ChatCompleter(Supplier<List<String>> names) {
        this.names = names;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        String first = words.isEmpty() ? "" : words.get(0);
        if (index == 0 && line.word().startsWith("/")) {
            for (Command c : Command.values()) {
                candidates.add(new Candidate(c.word, c.word, null, describe(c), null, null, true));
            }
            return;
        }
        if (index > 0 && first.startsWith("/") && !first.startsWith("//")) {
            Command command = Command.of(first);
            if (command == null || !command.takesNameAt(index - 1)) {
                return;
            }
        }
        for (String name : names.get()) {
            candidates.add(new Candidate(name, name, null, null, null, null, true));
        }
    }

    private static String describe(Command c) {
        return (c.args.isEmpty() ? "" : c.args + "  ") + c.description;
    }
}
