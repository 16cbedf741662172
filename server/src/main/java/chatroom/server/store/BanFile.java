package chatroom.server.store;

import chatroom.protocol.AddressBlocks;
import chatroom.server.mod.Ban;
import java.time.Instant;

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

    public static final TsvFile<Ban> FORMAT = new TsvFile<>("bans", "ID NAME BLOCK UNTIL BY SET REASON",
            "- for none; times in UTC", () -> BanFile::ban, BanFile::fields);

    private BanFile() {}

    private static String[] fields(Ban ban) {
        return new String[] {String.valueOf(ban.id()), TsvFile.orNone(ban.name()), TsvFile.orNone(ban.block()),
            TsvFile.orNone(ban.until()), ban.by(), ban.set().toString(), ban.reason()};
    }

    private static Ban ban(String[] fields) {
        long id;
        try {
            id = Long.parseLong(fields[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ID is not a number");
        }
        String name = TsvFile.orNull(fields[1]);
        String block = TsvFile.orNull(fields[2]);
        if (name == null && block == null) {
            // "-" is a valid name too: with no block, the line can only mean a ban on the name "-".
            name = TsvFile.NONE;
        }
        if (name != null) {
            TsvFile.name(name, "NAME");
        }
        if (block != null) {
            block = AddressBlocks.canonical(block);
            if (block == null) {
                throw new IllegalArgumentException("BLOCK is not an address or ADDRESS/PREFIX");
            }
        }
        String untilField = TsvFile.orNull(fields[3]);
        Instant until = untilField == null ? null : TsvFile.instant(untilField, "UNTIL");
        return new Ban(id, name, block, TsvFile.name(fields[4], "BY"), TsvFile.instant(fields[5], "SET"), until,
                fields[6]);
    }
}
