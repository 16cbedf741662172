package chatroom.server.auth;

/** Password hashes for tests: real ones, at 1,000 iterations so each takes a millisecond. */
public final class TestHashes {

    public static final int ITERATIONS = 1_000;

    private TestHashes() {}

    public static String of(String password) {
        return PasswordHash.hash(password.toCharArray(), ITERATIONS);
    }
}
