package chatroom.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.server.mod.Ban;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bans.tsv, and with it the rules every file of {@link TsvFile} shares. */
class BanFileTest {

    private static final Instant SET = Instant.parse("2026-12-02T07:00:00Z");
    private static final Ban NAME_AND_ADDRESS =
            new Ban(7, "bob", "203.0.113.7", "alice", SET, SET.plusSeconds(7200), "spam");
    private static final Ban BLOCK_FOR_EVER = new Ban(8, null, "2001:db8::/48", "alice", SET, null, "");
    private static final Ban NAME_ONLY = new Ban(9, "mallory", null, "carol", SET, null, "flooding the lobby");

    @Test
    void aRoundTripGivesTheSameBans() {
        List<Ban> bans = List.of(NAME_AND_ADDRESS, BLOCK_FOR_EVER, NAME_ONLY);

        assertThat(BanFile.FORMAT.parse(BanFile.FORMAT.format(bans))).isEqualTo(bans);
    }

    @Test
    void theLinesAreTheDocumentedOnes() {
        assertThat(BanFile.FORMAT.format(List.of(NAME_AND_ADDRESS, BLOCK_FOR_EVER))).containsExactly(
                "# chatroom bans v1: ID NAME BLOCK UNTIL BY SET REASON (- for none; times in UTC)",
                "7\tbob\t203.0.113.7\t2026-12-02T09:00:00Z\talice\t2026-12-02T07:00:00Z\tspam",
                "8\t-\t2001:db8::/48\t-\talice\t2026-12-02T07:00:00Z\t");
    }

    @Test
    void aReasonWithTabsAndLineBreaksStaysOnItsLine() {
        Ban ban = new Ban(1, "bob", null, "alice", SET, null, "one\ttwo\nthree\r");

        List<String> lines = BanFile.FORMAT.format(List.of(ban));

        assertThat(lines).hasSize(2);
        assertThat(BanFile.FORMAT.parse(lines)).singleElement().extracting(Ban::reason).isEqualTo("one two three ");
    }

    @Test
    void aBanOnTheNameDashSurvives() {
        Ban dash = new Ban(3, "-", null, "alice", SET, null, "");

        assertThat(BanFile.FORMAT.parse(BanFile.FORMAT.format(List.of(dash)))).containsExactly(dash);
    }

    @Test
    void aHandEditedFileMayHaveCommentsBlankLinesAndAnyAddressSpelling() {
        List<Ban> bans = BanFile.FORMAT.parse(List.of(
                "# chatroom bans v1",
                "",
                "# lifted the others on Monday",
                "4\t-\t203.0.113.99/24\t-\talice\t2026-12-02T07:00:00Z\tspam"));

        assertThat(bans).singleElement().extracting(Ban::block).isEqualTo("203.0.113.0/24");
    }

    @Test
    void aHandWrittenLineMayLeaveOffAnEmptyReason() {
        List<Ban> bans = BanFile.FORMAT.parse(List.of(
                "# chatroom bans v1",
                "8\t-\t2001:db8::/48\t-\talice\t2026-12-02T07:00:00Z"));

        assertThat(bans).singleElement().extracting(Ban::reason).isEqualTo("");
    }

    @Test
    void anEmptyFileHasNoBans() {
        assertThat(BanFile.FORMAT.parse(List.of())).isEmpty();
    }

    @Test
    void aMissingFileHasNoBans(@TempDir Path dir) throws Exception {
        assertThat(BanFile.FORMAT.read(dir.resolve("bans.tsv"))).isEmpty();
    }

    @Test
    void readsWhatWasWritten(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("bans.tsv"), BanFile.FORMAT.format(List.of(NAME_ONLY)));

        assertThat(BanFile.FORMAT.read(file)).containsExactly(NAME_ONLY);
    }

    @Test
    void anotherVersionIsRefusedNotGuessedAt() {
        assertThatThrownBy(() -> BanFile.FORMAT.parse(List.of("# chatroom bans v2: ID KIND ...", "1\tx")))
                .hasMessage("line 1: version v2 of the bans file is not one this server reads (v1)");
    }

    @Test
    void aFileOfAnotherKindIsRefused() {
        assertThatThrownBy(() -> BanFile.FORMAT.parse(List.of("# chatroom names v1")))
                .hasMessageStartingWith("line 1: not a chatroom bans file");
        assertThatThrownBy(() -> BanFile.FORMAT.parse(List.of("7\tbob\t-\t-\talice\t2026-12-02T07:00:00Z\t")))
                .hasMessageStartingWith("line 1: not a chatroom bans file");
    }

    @Test
    void aBadLineIsNamedByItsNumberAndWhatIsWrong() {
        List<String> lines = new ArrayList<>(BanFile.FORMAT.format(List.of(NAME_ONLY)));
        String good = lines.get(1);

        assertThat(errorWith(lines, good.replace("\tcarol\t", "\tca rol\t"))).isEqualTo("line 3: BY is not a name "
                + "(1-24 letters, digits, _ or -)");
        assertThat(errorWith(lines, good.replace("9\t", "nine\t"))).isEqualTo("line 3: ID is not a number");
        assertThat(errorWith(lines, good.replace("\t-\t-\t", "\t10.0.0.0/33\t-\t")))
                .isEqualTo("line 3: BLOCK is not an address or ADDRESS/PREFIX");
        assertThat(errorWith(lines, good.replace("\t-\tcarol", "\tsoon\tcarol")))
                .isEqualTo("line 3: UNTIL is not a UTC time like 2026-12-02T07:00:00Z");
        assertThat(errorWith(lines, "9\tbob\t-")).isEqualTo("line 3: expected 7 fields separated by tabs, found 3");
    }

    private static String errorWith(List<String> lines, String extra) {
        List<String> file = new ArrayList<>(lines);
        file.add(extra);
        try {
            BanFile.FORMAT.parse(file);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + extra);
    }
}
