package chatroom.server.mod;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * The bans in force: made and lifted by operators through the chat, read by the network side
 * at accept. Loop thread only. (Issue 13 contract: helper C fills in the bodies.)
 */
public final class BanList implements AddressBans {

    /** The bans loaded at start (expired ones are dropped). */
    public BanList(List<Ban> bans) {
    }

    @Override
    public Ban addressBan(InetAddress address, Instant now) {
        return null;
    }

    /** The ban that keeps the name with {@code Names.key} {@code nameKey} out at {@code now}, or null. */
    public Ban nameBan(String nameKey, Instant now) {
        throw new UnsupportedOperationException("issue 13: helper C");
    }

    /** Adds a ban (its id is given here, so the {@code id} passed is ignored) and returns it. */
    public Ban add(Ban ban) {
        throw new UnsupportedOperationException("issue 13: helper C");
    }

    /**
     * Lifts every ban on {@code nameKey} (null for none) or on exactly {@code block} (null for
     * none); returns what was lifted.
     */
    public List<Ban> remove(String nameKey, String block) {
        throw new UnsupportedOperationException("issue 13: helper C");
    }

    /** The bans still in force at {@code now}, oldest first. */
    public List<Ban> active(Instant now) {
        throw new UnsupportedOperationException("issue 13: helper C");
    }

    /** Replaces every ban (a reload of bans.tsv). */
    public void replace(List<Ban> bans) {
        throw new UnsupportedOperationException("issue 13: helper C");
    }
}
