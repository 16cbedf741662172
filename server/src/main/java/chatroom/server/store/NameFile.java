package chatroom.server.store;

import chatroom.protocol.Names;
import chatroom.server.auth.PasswordHash;
import chatroom.server.auth.Registration;
import java.util.HashSet;
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

    public static final TsvFile<Registration> FORMAT = new TsvFile<>("names", "NAME HASH REGISTERED",
            "times in UTC", NameFile::reader, name -> new String[] {name.name(), name.hash(),
                name.registered().toString()});

    private NameFile() {}

    /** Reads one file's lines; a name registered twice is an error (which of them holds?). */
    private static Function<String[], Registration> reader() {
        Set<String> seen = new HashSet<>();
        return fields -> {
            String name = TsvFile.name(fields[0], "NAME");
            if (!seen.add(Names.key(name))) {
                throw new IllegalArgumentException(name + " is registered twice");
            }
            try {
                PasswordHash.check(fields[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("HASH: " + e.getMessage());
            }
            return new Registration(name, fields[1], TsvFile.instant(fields[2], "REGISTERED"));
        };
    }
}
