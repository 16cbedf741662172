package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.CommandSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

class ChatCompleterTest {

    private final ChatCompleter completer = new ChatCompleter(() -> List.of("alice", "Bob", "carol"));
    private final DefaultParser parser = new DefaultParser().quoteChars(new char[0]).escapeChars(new char[0]);

    @Test
    void aSlashAtTheStartCompletesToEveryCommandTheServerHas() {
        assertThat(candidates("/")).containsExactlyElementsOf(
                Arrays.stream(CommandSpec.values()).map(CommandSpec::word).toList())
                .contains("/format", "/resume");
        assertThat(candidates("/m")).contains("/msg", "/me");
    }

    @Test
    void commandsAreDescribedWithWhatTheyTake() {
        List<Candidate> found = complete("/");
        for (CommandSpec spec : CommandSpec.values()) {
            assertThat(found).filteredOn(c -> c.value().equals(spec.word())).singleElement()
                    .extracting(Candidate::descr).asString()
                    .startsWith(spec.args()).endsWith(spec.description());
        }
    }

    @Test
    void wordsInAMessageCompleteToNames() {
        assertThat(candidates("b")).containsExactly("alice", "Bob", "carol");
        assertThat(candidates("hi b")).containsExactly("alice", "Bob", "carol");
    }

    @Test
    void msgTakesANameThenText() {
        assertThat(candidates("/msg ")).containsExactly("alice", "Bob", "carol");
        assertThat(candidates("/MSG b")).containsExactly("alice", "Bob", "carol");
        assertThat(candidates("/msg bob hi c")).isEmpty();
    }

    @Test
    void aliasesAreTheirCommand() {
        assertThat(candidates("/names ")).isEmpty();
        assertThat(candidates("/MSG bo")).containsExactly("alice", "Bob", "carol");
    }

    @Test
    void meTakesNamesAnywhere() {
        assertThat(candidates("/me waves at ")).containsExactly("alice", "Bob", "carol");
    }

    @Test
    void commandsThatTakeNoNameCompleteNothing() {
        assertThat(candidates("/join ")).isEmpty();
        assertThat(candidates("/nick ")).isEmpty();
        assertThat(candidates("/who ")).isEmpty();
        assertThat(candidates("/resume ")).isEmpty();
        assertThat(candidates("/unknown ")).isEmpty();
    }

    @Test
    void aDoubledSlashIsAMessage() {
        assertThat(candidates("//etc is ")).containsExactly("alice", "Bob", "carol");
    }

    @Test
    void aNameCompletesWithASpaceAfterIt() {
        assertThat(complete("b")).allMatch(Candidate::complete);
    }

    private List<String> candidates(String line) {
        return complete(line).stream().map(Candidate::value).toList();
    }

    /** JLine filters by prefix itself; the completer offers what fits the position. */
    private List<Candidate> complete(String line) {
        ParsedLine parsed = parser.parse(line, line.length(), Parser.ParseContext.COMPLETE);
        List<Candidate> found = new ArrayList<>();
        completer.complete(null, parsed, found);
        return found;
    }
}
