package chatroom.client;

import chatroom.protocol.CommandSpec;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: the first word completes to a command ({@link CommandSpec}, the list
 * {@code /help} shows) when it starts with {@code /}; a command's argument to what it takes
 * ({@code /join ROOM} a room heard of, {@code /msg NAME} anyone seen online), or to nothing
 * ({@code /nick NEW_NAME}); any other word to the name of someone in the room, followed by
 * {@code ": "} when it starts a message, as irssi and weechat address people. The operator
 * commands are offered only to an operator, as {@code /help} lists them.
 */
final class ChatCompleter implements Completer {

    private static final String GAP = "  ";
    private static final int WORD_WIDTH = widest(CommandSpec::word);
    private static final int ARGS_WIDTH = widest(CommandSpec::args);

    private final Supplier<List<String>> here;
    private final Supplier<List<String>> everyone;
    private final Supplier<List<String>> rooms;
    private final BooleanSupplier operator;

    /** Asks {@code names} and {@code operator} (whether this user is one now) on every completion. */
    ChatCompleter(OnlineNames names, BooleanSupplier operator) {
        this(names::names, names::everyone, names::rooms, operator);
    }

    /**
     * @param here who is in the room now
     * @param everyone who has been seen online, in any room
     * @param rooms the rooms heard of
     * @param operator whether this user is an operator now
     */
    ChatCompleter(Supplier<List<String>> here, Supplier<List<String>> everyone, Supplier<List<String>> rooms,
            BooleanSupplier operator) {
        this.here = here;
        this.everyone = everyone;
        this.rooms = rooms;
        this.operator = operator;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        String first = words.isEmpty() ? "" : words.get(0);
        if (index == 0 && line.word().startsWith("/")) {
            for (CommandSpec spec : CommandSpec.visible(operator.getAsBoolean())) {
                candidates.add(new Candidate(spec.word(), row(spec), null, null, null, null, true));
            }
        } else if (index == 0) {
            // The value carries the colon, so JLine's space after a complete candidate makes "gina: ".
            for (String name : here.get()) {
                candidates.add(new Candidate(name + ":", name, null, null, null, null, true));
            }
        } else if (first.startsWith("/") && !first.startsWith("//")) {
            CommandSpec spec = CommandSpec.named(first.substring(1));
            if (spec != null) {
                add(takes(spec, index - 1), candidates);
            }
        } else {
            add(here.get(), candidates);
        }
    }

    /** What the argument at {@code index} (0 = first after the command) completes to. */
    private List<String> takes(CommandSpec spec, int index) {
        return switch (spec) {
            case JOIN, RESUME -> index == 0 ? rooms.get() : List.of();
            case MSG, KICK, BAN, MUTE, UNMUTE -> index == 0 ? everyone.get() : List.of();
            case TOPIC, HISTORY -> index == 0 ? rooms.get() : List.of(); // /history's first word: ROOM, or N
            case ME -> here.get(); // "/me waves at bob"
            default -> List.of();
        };
    }

    private static void add(List<String> words, List<Candidate> candidates) {
        for (String word : words) {
            candidates.add(new Candidate(word, word, null, null, null, null, true));
        }
    }

    /**
     * A command as a row of the list JLine shows: the word, what it takes and what it does, each
     * in its own column. Not the description as the candidate's {@code descr}: JLine right-aligns
     * that, in brackets, against the widest row, so each would start where its length puts it.
     */
    private static String row(CommandSpec spec) {
        return pad(spec.word(), WORD_WIDTH) + GAP + pad(spec.args(), ARGS_WIDTH) + GAP + spec.description();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private static int widest(Function<CommandSpec, String> part) {
        return Arrays.stream(CommandSpec.values()).mapToInt(spec -> part.apply(spec).length()).max().orElse(0);
    }
}
