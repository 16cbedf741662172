package chatroom.server.chat;

import chatroom.server.auth.Hashing;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link Hashing} whose work waits until the test says: every request queues, and
 * {@link #complete} runs its callback, as the loop would once the helper thread is done. The
 * "hash" of a password is {@code plain:} and the password, so a test can write stored hashes
 * by hand; the chat treats them as opaque strings, which is all it may do with real ones.
 */
final class ManualHashing implements Hashing {

    /** The waiting requests, each as its answer: the callback with what the hash gave. */
    private final List<Runnable> queue = new ArrayList<>();
    private boolean busy;
    private int requests;

    static String hashOf(String password) {
        return "plain:" + password;
    }

    @Override
    public boolean verify(String stored, char[] password, Consumer<Boolean> onLoop) {
        boolean right = stored != null && stored.equals(hashOf(new String(password)));
        return offer(() -> onLoop.accept(right));
    }

    @Override
    public boolean hash(char[] password, Consumer<String> onLoop) {
        String hash = hashOf(new String(password));
        return offer(() -> onLoop.accept(hash));
    }

    private boolean offer(Runnable answer) {
        if (busy) {
            return false;
        }
        requests++;
        queue.add(answer);
        return true;
    }

    /** From now on every request is refused at once, as a full queue is. */
    void busy(boolean busy) {
        this.busy = busy;
    }

    /** Requests waiting for an answer. */
    int pending() {
        return queue.size();
    }

    /** Requests taken so far, answered or not. */
    int requests() {
        return requests;
    }

    /** Answers the request at {@code index} of those waiting (0: the oldest). */
    void complete(int index) {
        queue.remove(index).run();
    }

    /** Answers every waiting request, oldest first, and those they make in turn. */
    void completeAll() {
        while (!queue.isEmpty()) {
            complete(0);
        }
    }
}
