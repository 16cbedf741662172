package chatroom.server.chat;

import chatroom.server.auth.Hashing;
import chatroom.server.auth.OperTable;
import chatroom.server.auth.Registration;
import chatroom.server.mod.BanList;
import chatroom.server.store.Persistence;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the chat is given besides its settings: the rules and state for operators, bans and
 * registered names, and the helpers that hash passwords and keep state on disk.
 *
 * @param bans shared with the network side, which refuses banned addresses at accept
 * @param names the registered names loaded at start
 */
public record ChatServices(
        AccountRules rules,
        Hashing hashing,
        Persistence persistence,
        BanList bans,
        OperTable opers,
        List<Registration> names) {

    public ChatServices {
        names = List.copyOf(names);
    }

    /** No operators, no registered names, bans kept in memory; a password check is refused as busy. */
    public static ChatServices none() {
        return new ChatServices(AccountRules.DEFAULTS, REFUSED, Persistence.NONE, new BanList(List.of()),
                OperTable.NONE, List.of());
    }

    private static final Hashing REFUSED = new Hashing() {
        @Override
        public boolean verify(String stored, char[] password, Consumer<Boolean> onLoop) {
            return false;
        }

        @Override
        public boolean hash(char[] password, Consumer<String> onLoop) {
            return false;
        }
    };
}
