package chatroom.server.auth;

import java.util.function.Consumer;

/**
 * The chat's view of password hashing, which is slow on purpose: the work runs on a helper
 * thread and {@code onLoop} is called back on the event-loop thread. Neither method blocks;
 * {@code false} means refused at once (too much is waiting), and {@code onLoop} is never called.
 * The callee may clear {@code password} once it is done with it.
 */
public interface Hashing {

    /**
     * Whether {@code password} matches {@code stored} (a string {@link #hash} made); false if it
     * could not be checked (logged). {@code stored} null (no such account) is checked against a
     * dummy hash and answers false: a missing account takes as long as a wrong password.
     */
    boolean verify(String stored, char[] password, Consumer<Boolean> onLoop);

    /** A new stored form of {@code password}, with a fresh salt; null if hashing failed (logged). */
    boolean hash(char[] password, Consumer<String> onLoop);
}
