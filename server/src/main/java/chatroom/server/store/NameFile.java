package chatroom.server.store;

import chatroom.protocol.Names;
import chatroom.server.auth.PasswordHash;
import chatroom.server.auth.Registration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code DIR/names.tsv}: one registered name a line. The server owns it: it is read at start
 * only, and a hand edit while the server runs is overwritten at the next registration.
 *
 * <pre>
 * # chatroom names v1: NAME HASH REGISTERED (times in UTC)
 * alice	$pbkdf2-sha256$i=600000$...$...	2026-12-02T07:00:00Z
 * </pre>
 */
public final class NameFile {

    static final String FILE = "names.tsv";
    private static final String KIND = "names";
    private static final int COLUMNS = 3;

    private NameFile() {}

    /** The registrations in {@code file}; none if it does not exist. @throws IllegalArgumentException "line N: ..." */
    public static List<Registration> read(Path file) throws IOException {
        return Tsv.read(file, KIND, COLUMNS, registrations());
    }

    /** @throws IllegalArgumentException "line N: ..." for the first bad line */
    public static List<Registration> parse(List<String> lines) {
        return Tsv.parse(lines, KIND, COLUMNS, registrations());
    }

    /** The lines of a file holding {@code names}, the header first. */
    public static List<String> format(List<Registration> names) {
        List<String> lines = new ArrayList<>(names.size() + 1);
        lines.add(Tsv.header(KIND, "NAME HASH REGISTERED (times in UTC)"));
        for (Registration name : names) {
            lines.add(Tsv.line(name.name(), name.hash(), name.registered().toString()));
        }
        return lines;
    }

    /** Reads one line each; a name registered twice is an error (which of them holds?). */
    private static Function<String[], Registration> registrations() {
        Set<String> seen = new HashSet<>();
        return fields -> {
            String name = Tsv.name(fields[0], "NAME");
            if (!seen.add(Names.key(name))) {
                throw new IllegalArgumentException(name + " is registered twice");
            }
            try {
                PasswordHash.check(fields[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("HASH: " + e.getMessage());
            }
            return new Registration(name, fields[1], Tsv.instant(fields[2], "REGISTERED"));
        };
    }
}
