package chatroom.server.chat;

/**
 * What the password checks came to since the start, for {@code /metrics}: an operator sees a
 * guessing attack (wrong, rate-limited), a client sending passwords in clear, or too few
 * hash threads (busy). Changed on the loop thread only.
 */
public final class PasswordCounts {

    long right;
    long wrong;
    long rateLimited;
    long busy;
    long plaintext;

    PasswordCounts() {}

    /** Checks whose hash matched. */
    public long right() {
        return right;
    }

    /** Checks whose hash did not match (an unknown operator account included). */
    public long wrong() {
        return wrong;
    }

    /** Password commands refused before any hash: the address or the name had no attempt left. */
    public long rateLimited() {
        return rateLimited;
    }

    /** Password commands refused because every hash thread was busy and the queue full. */
    public long busy() {
        return busy;
    }

    /** Password commands refused because they came over a connection that is not encrypted. */
    public long plaintext() {
        return plaintext;
    }
}
