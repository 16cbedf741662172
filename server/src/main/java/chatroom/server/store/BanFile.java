package chatroom.server.store;

import chatroom.protocol.AddressBlocks;
import chatroom.server.mod.Ban;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code DIR/bans.tsv}: one {@link Ban} a line, written by the server and read at start and on
 * SIGHUP (an operator may edit it by hand: remove a line, then SIGHUP).
 *
 * <pre>
 * # chatroom bans v1: ID NAME BLOCK UNTIL BY SET REASON (- for none; times in UTC)
 * 7	bob	203.0.113.7	2026-12-02T09:00:00Z	alice	2026-12-02T07:00:00Z	spam
 * 8	-	2001:db8::/48	-	alice	2026-12-02T07:00:00Z
 * </pre>
 */
public final class BanFile {

    static final String FILE = "bans.tsv";
    private static final String KIND = "bans";
    private static final int COLUMNS = 7;

    private BanFile() {}

    /** The bans in {@code file}; none if it does not exist. @throws IllegalArgumentException "line N: ..." */
    public static List<Ban> read(Path file) throws IOException {
        return Tsv.read(file, KIND, COLUMNS, BanFile::ban);
    }

    /** @throws IllegalArgumentException "line N: ..." for the first bad line */
    public static List<Ban> parse(List<String> lines) {
        return Tsv.parse(lines, KIND, COLUMNS, BanFile::ban);
    }

    /** The lines of a file holding {@code bans}, the header first. */
    public static List<String> format(List<Ban> bans) {
        List<String> lines = new ArrayList<>(bans.size() + 1);
        lines.add(Tsv.header(KIND, "ID NAME BLOCK UNTIL BY SET REASON (- for none; times in UTC)"));
        for (Ban ban : bans) {
            lines.add(Tsv.line(String.valueOf(ban.id()), Tsv.orNone(ban.name()), Tsv.orNone(ban.block()),
                    Tsv.orNone(ban.until()), ban.by(), ban.set().toString(), ban.reason()));
        }
        return lines;
    }

    private static Ban ban(String[] fields) {
        long id;
        try {
            id = Long.parseLong(fields[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ID is not a number");
        }
        String name = Tsv.orNull(fields[1]);
        String block = Tsv.orNull(fields[2]);
        if (name == null && block == null) {
            // "-" is a valid name too: with no block, the line can only mean a ban on the name "-".
            name = Tsv.NONE;
        }
        if (name != null) {
            Tsv.name(name, "NAME");
        }
        if (block != null) {
            block = AddressBlocks.canonical(block);
            if (block == null) {
                throw new IllegalArgumentException("BLOCK is not an address or ADDRESS/PREFIX");
            }
        }
        String untilField = Tsv.orNull(fields[3]);
        Instant until = untilField == null ? null : Tsv.instant(untilField, "UNTIL");
        return new Ban(id, name, block, Tsv.name(fields[4], "BY"), Tsv.instant(fields[5], "SET"), until, fields[6]);
    }
}
