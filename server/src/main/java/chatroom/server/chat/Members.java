package chatroom.server.chat;

import chatroom.protocol.Event;
import java.time.Instant;
import java.util.List;

/**
 * What {@link Accounts} and {@link Moderation} may do to the chat, and all they may: {@link Chat}
 * implements it and hands it to them, so they never call into {@code Chat} itself. Loop
 * thread only.
 */
interface Members {

    Instant now();

    /** The session called {@code name} (any case), or null if no one is. */
    Session named(String name);

    /** The room called {@code name} (any case), or null if there is none. */
    Room room(String name);

    /** Every session, named or not, as a copy: safe to end sessions while walking it. */
    List<Session> sessions();

    void send(Session to, Event event);

    /** To every member of {@code room} but {@code except} (null: all), one line each, never counted into a summary. */
    void broadcast(Room room, Event event, Session except);

    /** To every session with a name, encoded once. */
    void everyone(Event event);

    /**
     * Ends {@code victim}'s session: {@code echo} to it, {@code farewell} to its room instead
     * of the usual leave notice ({@code null}: the usual one, with {@code reason}), then the
     * connection closes.
     */
    void remove(Session victim, Event echo, Event farewell, String reason);

    /**
     * Gives {@code session} the registered {@code name} it proved: hello and the lobby if it had
     * no name, a rename if it had one.
     */
    void name(Session session, String name);

    /**
     * Whether {@code session}, named, may change its name now (the limit {@code /nick} has); if
     * not it is told when it may, and false. A yes counts as a change.
     */
    boolean mayRename(Session session);
}
