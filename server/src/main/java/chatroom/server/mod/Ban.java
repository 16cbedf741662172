package chatroom.server.mod;

import java.time.Instant;

/**
 * One ban an operator made: a name, an address block, or both (a user banned while online:
 * their name and their address). Immutable; {@link BanList} keeps them.
 *
 * @param id unique within a ban list, never reused, so {@code bans.tsv} lines can be told apart
 * @param name the banned name as typed (compared by {@code Names.key}), or null
 * @param block the banned address block, canonical ({@code AddressBlocks.canonical}), or null
 * @param by the operator's name
 * @param set when it was made
 * @param until when it runs out, or null for until lifted
 * @param reason empty for none
 */
public record Ban(long id, String name, String block, String by, Instant set, Instant until, String reason) {

    public Ban {
        if (name == null && block == null) {
            throw new IllegalArgumentException("a ban needs a name or an address block");
        }
    }

    /** Whether it still holds at {@code now}. */
    public boolean activeAt(Instant now) {
        return until == null || now.isBefore(until);
    }

    /** How it is shown: {@code bob}, {@code 203.0.113.0/24}, or {@code bob (203.0.113.7)}. */
    public String target() {
        if (name == null) {
            return block;
        }
        return block == null ? name : name + " (" + block + ")";
    }
}
