package chatroom.server.chat;

import chatroom.server.auth.Registration;

/**
 * What a session has proved with a password, is waiting to prove, or is being held to: kept
 * apart from {@link Session} and made only when first needed, so an idle connection pays one
 * null field for all of it. {@link Accounts} and {@link Moderation} keep it; loop thread only.
 */
final class Standing {

    /** The operator account this session proved ({@code /oper}), or null. */
    String operator;
    /** The hash {@link #operator} was proved against: a reload that changes it ends the status. */
    String operatorHash;
    /**
     * The registration this session proved it owns, or null. The very one: a {@code /passwd} or a
     * new registration of the name replaces it, and an old proof then allows nothing.
     */
    Registration identified;
    /** The registered name this session asked for and must give the password of, or null. */
    String pending;
    /** The token of the password check in flight, 0 for none: one at a time per session. */
    long check;
    /** The login timer was started once more after a pending name ran out of time: never twice. */
    boolean loginExtended;
    /** When this session was last told it is muted (epoch ms), 0 for never: at most once every 30 s. */
    long mutedNoticeAt;
}
