package chatroom.protocol;

/**
 * The rule for a password: one word (so {@code /identify NAME PASSWORD} and
 * {@code /passwd OLD NEW} need no quoting) of {@link #MIN_LENGTH} to {@link #MAX_LENGTH}
 * characters. The server checks it and answers {@link Problem#PASSWORD_RULE}; the client
 * checks it before sending.
 */
public final class Passwords {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;

    private Passwords() {}

    public static boolean isValid(String password) {
        if (password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < password.length(); i++) {
            if (Character.isWhitespace(password.charAt(i)) || Character.isISOControl(password.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
