package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Event;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ChatCompleterTest {

    private static final String TAB = "\t";
    private static final List<String> HERE = List.of("alice", "Bob", "gina");
    private static final List<String> EVERYONE = List.of("alice", "Bob", "dave", "gina");
    private static final List<String> ROOMS = List.of("dev", "lobby");

    private boolean operator;
    private final ChatCompleter completer = new ChatCompleter(() -> HERE, () -> EVERYONE, () -> ROOMS, () -> operator);
    private final DefaultParser parser = new DefaultParser().quoteChars(new char[0]).escapeChars(new char[0]);

    @Test
    void aSlashAtTheStartCompletesToEveryCommandAUserHas() {
        assertThat(candidates("/")).containsExactlyElementsOf(
                CommandSpec.visible(false).stream().map(CommandSpec::word).toList())
                .contains("/format", "/resume", "/identify")
                .doesNotContain("/kick", "/ban");
        assertThat(candidates("/m")).contains("/msg", "/me");
    }

    @Test
    void anOperatorGetsTheOperatorCommandsToo() {
        operator = true;
        assertThat(candidates("/")).containsExactlyElementsOf(
                Arrays.stream(CommandSpec.values()).map(CommandSpec::word).toList());
        assertThat(candidates("/kick ")).containsExactlyElementsOf(EVERYONE);
        assertThat(candidates("/topic ")).containsExactlyElementsOf(ROOMS);
    }

    /** As JLine draws it: each command's arguments, and its description, start in one column. */
    @Test
    void theCommandListLinesUpInColumns() throws Exception {
        operator = true; // every command, the longest among them
        List<String> screen = listed("/");
        List<Integer> argsAt = new ArrayList<>();
        List<Integer> descriptionAt = new ArrayList<>();
        for (CommandSpec spec : CommandSpec.values()) {
            String row = screen.stream().filter(line -> line.startsWith(spec.word() + " ")).findFirst().orElseThrow();
            int args = row.indexOf(spec.args(), spec.word().length());
            if (!spec.args().isEmpty()) {
                argsAt.add(args);
            }
            descriptionAt.add(row.indexOf(spec.description(), args + spec.args().length()));
        }
        long withArgs = Arrays.stream(CommandSpec.values()).filter(spec -> !spec.args().isEmpty()).count();
        assertThat(argsAt).doesNotContain(-1).hasSize((int) withArgs).containsOnly(argsAt.get(0));
        assertThat(descriptionAt).doesNotContain(-1).containsOnly(descriptionAt.get(0));
    }

    @Test
    void aNameStartingALineIsFollowedByAColonAsWhenAddressingSomeone() throws Exception {
        assertThat(typed("gi" + TAB + "hi")).isEqualTo("gina: hi");
        assertThat(typed("BO" + TAB + "hi")).isEqualTo("Bob: hi");
        assertThat(candidates("")).containsExactly("alice:", "Bob:", "gina:");
    }

    @Test
    void aNameElsewhereIsFollowedByASpace() throws Exception {
        assertThat(typed("hi gi" + TAB + "!")).isEqualTo("hi gina !");
        assertThat(typed("/me waves at gi" + TAB + "!")).isEqualTo("/me waves at gina !");
        assertThat(typed("/msg da" + TAB + "psst")).isEqualTo("/msg dave psst");
        assertThat(typed("/join d" + TAB)).isEqualTo("/join dev ");
    }

    @Test
    void wordsInAMessageCompleteToTheRoomsNames() {
        assertThat(candidates("hi b")).containsExactlyElementsOf(HERE);
        assertThat(candidates("//etc is ")).containsExactlyElementsOf(HERE);
    }

    @Test
    void msgTakesAnyoneSeenOnlineThenText() {
        assertThat(candidates("/msg ")).containsExactlyElementsOf(EVERYONE);
        assertThat(candidates("/MSG d")).containsExactlyElementsOf(EVERYONE);
        assertThat(candidates("/msg bob hi c")).isEmpty();
    }

    @Test
    void joinAndResumeTakeARoomHeardOf() {
        assertThat(candidates("/join ")).containsExactlyElementsOf(ROOMS);
        assertThat(candidates("/JOIN l")).containsExactlyElementsOf(ROOMS);
        assertThat(candidates("/resume ")).containsExactlyElementsOf(ROOMS);
        assertThat(candidates("/join dev ")).isEmpty();
        assertThat(candidates("/resume dev ")).as("LAST_ID").isEmpty();
    }

    @Test
    void historyTakesARoomHeardOfFirstAndThenNumbers() {
        assertThat(candidates("/history ")).containsExactlyElementsOf(ROOMS);
        assertThat(candidates("/history dev ")).as("BEFORE_ID").isEmpty();
        assertThat(candidates("/history dev 42 ")).as("N").isEmpty();
    }

    @Test
    void meTakesTheRoomsNamesAnywhere() {
        assertThat(candidates("/me waves at ")).containsExactlyElementsOf(HERE);
    }

    @Test
    void commandsThatTakeNoNameOrRoomCompleteNothing() {
        assertThat(candidates("/nick ")).isEmpty();
        assertThat(candidates("/who ")).isEmpty();
        assertThat(candidates("/names ")).as("an alias of /who").isEmpty();
        assertThat(candidates("/unknown ")).isEmpty();
    }

    @Test
    void completesFromWhatTheServerSaid() {
        Instant ts = Instant.parse("2026-01-15T12:00:00Z");
        OnlineNames names = new OnlineNames();
        names.apply(new Event.Entered(ts, "lobby", 2, List.of("alice", "bob")));
        names.apply(new Event.Private(ts, "zed", "alice", "psst", false));
        names.apply(new Event.Rooms(ts, List.of(new Event.RoomCount("lobby", 2), new Event.RoomCount("dev", 5))));
        ChatCompleter fromServer = new ChatCompleter(names, () -> false);
        assertThat(candidates(fromServer, "hi ")).containsExactly("alice", "bob");
        assertThat(candidates(fromServer, "/msg ")).containsExactly("alice", "bob", "zed");
        assertThat(candidates(fromServer, "/join ")).containsExactly("dev", "lobby");
    }

    private List<String> candidates(String line) {
        return candidates(completer, line);
    }

    /** JLine filters by prefix itself; the completer offers what fits the position. */
    private List<String> candidates(ChatCompleter completer, String line) {
        ParsedLine parsed = parser.parse(line, line.length(), Parser.ParseContext.COMPLETE);
        List<Candidate> found = new ArrayList<>();
        completer.complete(null, parsed, found);
        return found.stream().map(Candidate::value).toList();
    }

    /** The line a real JLine reader, completing with this completer, reads after {@code keys} and Enter. */
    private String typed(String keys) throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            CompletableFuture<String> line = read(tt);
            tt.keyboard.type(keys + "\r");
            return line.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** What a real JLine reader draws for {@code keys} and Tab, once every command is on screen, by line. */
    private List<String> listed(String keys) throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            tt.terminal.setSize(org.jline.terminal.Size.of(200, 40)); // no row wraps: the longest operator row is 150 wide
            CompletableFuture<String> line = read(tt);
            tt.keyboard.type(keys + TAB);
            Await.until(() -> "the command list; the screen shows:\n" + tt.screen.text(),
                    () -> Arrays.stream(CommandSpec.values()).allMatch(spec -> tt.screen.text().contains(spec.description())));
            List<String> screen = tt.screen.text().lines().toList();
            tt.keyboard.type("\r"); // a terminal closed in the middle of a read takes a second to close
            line.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return screen;
        }
    }

    /** A reader set up as TerminalUi sets up its own, reading one line. */
    private CompletableFuture<String> read(TestTerminal tt) throws IOException {
        LineReaderImpl reader = new LineReaderImpl(tt.terminal);
        reader.setParser(parser);
        reader.setCompleter(completer);
        reader.setOpt(LineReader.Option.CASE_INSENSITIVE);
        reader.unsetOpt(LineReader.Option.INSERT_TAB);
        return CompletableFuture.supplyAsync(() -> reader.readLine("> "));
    }
}
