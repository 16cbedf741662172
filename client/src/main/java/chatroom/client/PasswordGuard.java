package chatroom.client;

import chatroom.protocol.Command;
import chatroom.protocol.Passwords;
import chatroom.protocol.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the client does before a password leaves it. A line that carries one
 * ({@link Command.Secret}) goes only over an encrypted connection, unless the user allowed
 * plain text ({@code --allow-plaintext-passwords}): a password sent in the clear is one to
 * change, and the server would refuse it anyway. Each password must also keep the rule
 * ({@link Passwords}), so a typo is caught before the server counts it as an attempt.
 *
 * <p>It also holds the password read from {@code --password-file}, which answers the server's
 * question for a registered name by itself. Immutable.
 */
final class PasswordGuard {

    static final String NOT_ENCRYPTED = "Not sent: this connection is not encrypted (connect with --tls)";

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private final boolean encrypted;
    private final boolean allowPlaintext;
    private final String filePassword;

    /**
     * @param encrypted whether the connection is TLS
     * @param allowPlaintext the user's {@code --allow-plaintext-passwords}
     * @param filePassword the password from {@code --password-file}, or null
     */
    PasswordGuard(boolean encrypted, boolean allowPlaintext, String filePassword) {
        this.encrypted = encrypted;
        this.allowPlaintext = allowPlaintext;
        this.filePassword = filePassword;
    }

    /** Sends no password at all: what a session without options gets. */
    static PasswordGuard refusing() {
        return new PasswordGuard(false, false, null);
    }

    /** Why no password at all may be sent on this connection, as a note for the user; null when one may go. */
    String connectionRefusal() {
        return encrypted || allowPlaintext ? null : NOT_ENCRYPTED;
    }

    /** Why {@code command} must not be sent, as a note for the user; null when it may go. */
    String refusal(Command.Secret command) {
        if (connectionRefusal() != null) {
            return connectionRefusal();
        }
        for (String password : passwords(command)) {
            if (!Passwords.isValid(password)) {
                return "Not sent: " + Problem.PASSWORD_RULE.event(null).text();
            }
        }
        return null;
    }

    /** The password from {@code --password-file}; null without one. */
    String filePassword() {
        return filePassword;
    }

    // Java 17 has no pattern matching for switch, hence the chain; the sealed Secret keeps it complete.
    private static List<String> passwords(Command.Secret command) {
        if (command instanceof Command.Register c) {
            return List.of(c.password());
        } else if (command instanceof Command.Identify c) {
            return List.of(c.password());
        } else if (command instanceof Command.Unregister c) {
            return List.of(c.password());
        } else if (command instanceof Command.Passwd c) {
            return List.of(c.oldPassword(), c.newPassword());
        } else if (command instanceof Command.Oper c) {
            return List.of(c.password());
        }
        throw new IllegalArgumentException("a secret without a password: " + command.getClass().getSimpleName());
    }

    /**
     * The password in {@code file}: its first line, without the line end and the spaces a
     * careless {@code echo} leaves after it (a password has none). A file that other users may
     * read is refused (where the file system has POSIX permissions): a password anyone on the
     * machine can read is not the user's alone. So is a first line that is no password, here
     * rather than when the server asks, and without showing it; only the first
     * {@link Passwords#MAX_LENGTH} characters and a few more are read, whatever the file's size.
     *
     * @throws IllegalArgumentException with what is wrong, for the user
     */
    static String read(Path file) {
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                permissions.retainAll(OTHERS);
                if (!permissions.isEmpty()) {
                    throw new IllegalArgumentException(file + " can be read by other users: make it yours alone"
                            + " (chmod 600 " + file + ")");
                }
            }
            String line = firstLine(file);
            if (line.isEmpty()) {
                throw new IllegalArgumentException(file + " is empty: its first line is the password");
            }
            if (!Passwords.isValid(line)) {
                throw new IllegalArgumentException(file + ": its first line is not a password: "
                        + Problem.PASSWORD_RULE.event(null).text());
            }
            return line;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist", e);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Up to the first line end, trailing spaces stripped; a line longer than any password is cut (and then fails the rule). */
    private static String firstLine(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (var in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n' && c != '\r' && line.length() <= Passwords.MAX_LENGTH) {
                line.append((char) c);
            }
            return line.toString().stripTrailing();
        }
    }
}
