package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.protocol.Command;
import chatroom.protocol.CommandParser;
import chatroom.protocol.Problem;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordGuardTest {

    @TempDir
    Path dir;

    private static Command.Secret secret(String line) {
        return (Command.Secret) CommandParser.parse(line);
    }

    @Test
    void overPlainTextNothingGoesUnlessAllowed() {
        PasswordGuard plain = new PasswordGuard(false, false, null);
        assertThat(plain.refusal(secret("/identify hunter2hunter2"))).isEqualTo(PasswordGuard.NOT_ENCRYPTED);
        assertThat(new PasswordGuard(false, true, null).refusal(secret("/identify hunter2hunter2"))).isNull();
        assertThat(new PasswordGuard(true, false, null).refusal(secret("/oper root hunter2hunter2"))).isNull();
    }

    @Test
    void everyPasswordOfTheLineMustKeepTheRule() {
        PasswordGuard tls = new PasswordGuard(true, false, null);
        String rule = "Not sent: " + Problem.PASSWORD_RULE.event(null).text();
        assertThat(tls.refusal(secret("/register short"))).isEqualTo(rule);
        assertThat(tls.refusal(secret("/passwd hunter2hunter2 short"))).isEqualTo(rule);
        assertThat(tls.refusal(secret("/passwd short hunter2hunter2"))).isEqualTo(rule);
        assertThat(tls.refusal(secret("/unregister hunter2hunter2"))).isNull();
    }

    @Test
    void theFirstLineOfAFileOnlyTheUserCanRead() throws IOException {
        Path file = write("hunter2hunter2\nignored\n", "rw-------");

        assertThat(PasswordGuard.read(file)).isEqualTo("hunter2hunter2");
    }

    @Test
    void aFileOthersMayReadIsRefused() throws IOException {
        Path file = write("hunter2hunter2\n", "rw-r--r--");

        assertThatThrownBy(() -> PasswordGuard.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("can be read by other users").hasMessageContaining("chmod 600");
    }

    @Test
    void anEmptyOrMissingFileIsRefused() throws IOException {
        Path empty = write("", "rw-------");
        assertThatThrownBy(() -> PasswordGuard.read(empty)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> PasswordGuard.read(dir.resolve("missing"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trailingSpacesAndACrlfAreNoPartOfThePassword() throws IOException {
        assertThat(PasswordGuard.read(write("hunter2hunter2 \t\r\n", "rw-------"))).isEqualTo("hunter2hunter2");
    }

    @Test
    void aFirstLineThatIsNoPasswordIsRefusedAtOnceWithoutShowingIt() throws IOException {
        Path spaced = write("hunter2 hunter2\n", "rw-------");
        assertThatThrownBy(() -> PasswordGuard.read(spaced)).hasMessageContaining(Problem.PASSWORD_RULE.event(null).text())
                .hasMessageNotContaining("hunter2");
        Path huge = write("x".repeat(1 << 20) + "\n", "rw-------");
        assertThatThrownBy(() -> PasswordGuard.read(huge)).hasMessageContaining(Problem.PASSWORD_RULE.event(null).text());
    }

    @Test
    void aMissingFileOrOneNotInUtf8IsSaidSo() throws IOException {
        assertThatThrownBy(() -> PasswordGuard.read(dir.resolve("missing"))).hasMessageContaining("does not exist");
        Path file = write("", "rw-------");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 'a', '\n'});
        assertThatThrownBy(() -> PasswordGuard.read(file)).hasMessageContaining("UTF-8");
    }

    private Path write(String text, String permissions) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path file = Files.writeString(dir.resolve("pw"), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }
}
