package chatroom.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class OperFileTest {

    private static final String ALICE = TestHashes.of("alice-password");
    private static final String BOB = TestHashes.of("bob-password");

    @Test
    void readsAccountsAndHashesSkippingCommentsAndBlankLines() {
        OperTable table = OperFile.parse(List.of(
                "# chatroom operators",
                "",
                "alice   " + ALICE,
                "   ",
                "Bob\t" + BOB + "   # the night shift"));

        assertThat(table.size()).isEqualTo(2);
        assertThat(table.hash("alice")).isEqualTo(ALICE);
        assertThat(table.hash("BOB")).as("accounts compare ignoring case").isEqualTo(BOB);
        assertThat(table.hash("carol")).isNull();
    }

    @Test
    void anEmptyFileHasNoOperators() {
        assertThat(OperFile.parse(List.of()).size()).isZero();
    }

    @Test
    void aBadLineIsNamedByItsNumber() {
        assertThatThrownBy(() -> OperFile.parse(List.of("# ops", "alice " + ALICE, "bob")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 3: expected ACCOUNT HASH");
    }

    @Test
    void anAccountMustBeNamedLikeAUser() {
        assertThatThrownBy(() -> OperFile.parse(List.of("al.ice " + ALICE)))
                .hasMessageStartingWith("line 1: an account is");
    }

    @Test
    void aBadHashIsRefusedWithoutRepeatingIt() {
        String broken = ALICE.substring(0, ALICE.length() - 4);

        assertThatThrownBy(() -> OperFile.parse(List.of("alice " + broken)))
                .hasMessageStartingWith("line 1: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(broken.substring(broken.lastIndexOf('$'))));
    }

    @Test
    void anAccountListedTwiceIsAnError() {
        assertThatThrownBy(() -> OperFile.parse(List.of("alice " + ALICE, "ALICE " + BOB)))
                .hasMessage("line 2: ALICE is on line 1 too");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("opers"), "alice " + ALICE + "\n");

        assertThat(OperFile.read(file).hash("alice")).isEqualTo(ALICE);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aFileOthersMayReadIsFlagged(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("opers"), "alice " + ALICE + "\n");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(OperFile.readableByOthers(file)).isFalse();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(OperFile.readableByOthers(file)).isTrue();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertThat(OperFile.readableByOthers(file)).isTrue();
    }
}
