package chatroom.server.chat;

import chatroom.server.auth.Hashing;
import chatroom.server.auth.OperTable;
import chatroom.server.auth.Registration;
import chatroom.server.history.HistoryLog;
import chatroom.server.mod.BanList;
import chatroom.server.store.Persistence;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the chat is given besides its settings: the rules and state for operators, bans and
 * registered names, and the helpers that hash passwords and keep state and the rooms' messages
 * on disk.
 *
 * @param bans shared with the network side, which refuses banned addresses at accept
 * @param names the registered names loaded at start
 * @param history the rooms' logs, attached to the loop already
 */
public record ChatServices(
        AccountRules rules,
        Hashing hashing,
        Persistence persistence,
        BanList bans,
        OperTable opers,
        List<Registration> names,
        HistoryLog history) {

    public ChatServices {
        names = List.copyOf(names);
    }

    /** No operators, no registered names, bans and history kept in memory; a password check is refused as busy. */
    public static ChatServices none() {
        return new ChatServices(AccountRules.DEFAULTS, REFUSED, Persistence.NONE, new BanList(List.of()),
                OperTable.NONE, List.of(), HistoryLog.NONE);
    }

    /** These services with the rooms' messages kept in {@code history}. */
    public ChatServices withHistory(HistoryLog history) {
        return new ChatServices(rules, hashing, persistence, bans, opers, names, history);
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
