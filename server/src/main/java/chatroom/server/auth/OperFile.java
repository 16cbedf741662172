package chatroom.server.auth;

import chatroom.protocol.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --oper-file}: one operator a line, {@code ACCOUNT HASH} separated by spaces or a
 * tab (as {@code chatroom-server hash-password ACCOUNT >> FILE} appends them); {@code #} starts
 * a comment, blank lines are skipped. Hand-edited, read-only for the server.
 *
 * <pre>
 * # chatroom operators
 * alice   $pbkdf2-sha256$i=600000$3q2+7w...$Zx1...
 * </pre>
 *
 * <p>An error names the line and never repeats the hash, so it can go to a log or a terminal.
 */
public final class OperFile {

    private OperFile() {}

    /** Reads {@code file}. @throws IllegalArgumentException "line N: ..." for a bad line */
    public static OperTable read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException "line N: ..." for a bad line */
    public static OperTable parse(List<String> lines) {
        Map<String, String> hashes = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i);
            int comment = line.indexOf('#');
            String[] fields = (comment < 0 ? line : line.substring(0, comment)).strip().split("\\s+");
            if (fields.length == 1 && fields[0].isEmpty()) {
                continue;
            }
            if (fields.length != 2) {
                throw new IllegalArgumentException("line " + number + ": expected ACCOUNT HASH");
            }
            String account = fields[0];
            if (!Names.isValid(account)) {
                throw new IllegalArgumentException("line " + number + ": an account is " + Names.RULES);
            }
            try {
                PasswordHash.check(fields[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + number + ": " + e.getMessage());
            }
            Integer first = lineOf.putIfAbsent(Names.key(account), number);
            if (first != null) {
                throw new IllegalArgumentException("line " + number + ": " + account + " is on line " + first + " too");
            }
            hashes.put(Names.key(account), fields[1]);
        }
        return new OperTable(hashes);
    }

    /**
     * Whether people other than the owner may read {@code file} (POSIX only; false elsewhere):
     * its hashes can be attacked offline, as ssh refuses such a private key.
     */
    public static boolean readableByOthers(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
