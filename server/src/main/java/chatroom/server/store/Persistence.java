package chatroom.server.store;

import chatroom.server.auth.Registration;
import chatroom.server.mod.Ban;
import java.util.List;

/**
 * Where the chat's lasting state goes: called on the loop thread with an immutable snapshot,
 * it returns at once; the writing happens on a helper thread, newest snapshot wins.
 */
public interface Persistence {

    /** Nothing is kept: without {@code --data-dir}, bans last until a restart and names cannot be registered. */
    Persistence NONE = new Persistence() {
        @Override
        public void saveBans(List<Ban> bans) {}

        @Override
        public void saveNames(List<Registration> names) {}

        @Override
        public boolean keepsNames() {
            return false;
        }
    };

    void saveBans(List<Ban> bans);

    void saveNames(List<Registration> names);

    /** Whether registered names survive a restart; the chat refuses to register names otherwise. */
    boolean keepsNames();
}
