package chatroom.server.auth;

import chatroom.protocol.Names;
import java.util.Map;

/**
 * The operators from {@code --oper-file}: account name to password hash. An account is named
 * like a user, but it is not a chat name: {@code /oper alice PASSWORD} works whatever the
 * operator is called in the chat.
 *
 * @param hashes by {@link Names#key} of the account
 */
public record OperTable(Map<String, String> hashes) {

    public static final OperTable NONE = new OperTable(Map.of());

    public OperTable {
        hashes = Map.copyOf(hashes);
    }

    /** The stored hash of {@code account}, or null if there is no such operator. */
    public String hash(String account) {
        return hashes.get(Names.key(account));
    }

    public int size() {
        return hashes.size();
    }

    @Override
    public String toString() {
        return "OperTable[accounts=" + hashes.size() + "]";
    }
}
