package chatroom.client;

import chatroom.protocol.CommandSpec;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: the first word completes to a command ({@link CommandSpec}, the list
 * {@code /help} shows) when it starts with {@code /}; any other word completes to the name
 * of someone in the room, except where a command takes something else ({@code /join ROOM},
 * {@code /nick NAME}) or nothing at all.
 */
final class ChatCompleter implements Completer {

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
            for (CommandSpec spec : CommandSpec.values()) {
                candidates.add(new Candidate(spec.word(), spec.word(), null, describe(spec), null, null, true));
            }
            return;
        }
        if (index > 0 && first.startsWith("/") && !first.startsWith("//")) {
            CommandSpec spec = CommandSpec.named(first.substring(1));
            if (spec == null || !takesNameAt(spec, index - 1)) {
                return;
            }
        }
        for (String name : names.get()) {
            candidates.add(new Candidate(name, name, null, null, null, null, true));
        }
    }

    /** Whether the argument at {@code index} (0 = first after the command) is someone's name. */
    private static boolean takesNameAt(CommandSpec spec, int index) {
        return switch (spec) {
            case MSG -> index == 0;
            case ME -> true; // "/me waves at bob"
            default -> false;
        };
    }

    private static String describe(CommandSpec spec) {
        return (spec.args().isEmpty() ? "" : spec.args() + "  ") + spec.description();
    }
}
