package chatroom.protocol;

/**
 * The server's default flood limit ({@code --flood-rate}, {@code --flood-burst}): lines a
 * client may send a second on average, and at once. Over TCP a client past it only waits; over
 * UDP its lines are dropped unanswered, so the terminal client paces itself below it.
 */
public final class FloodLimit {

    public static final int DEFAULT_LINES_PER_SECOND = 10;
    public static final int DEFAULT_BURST = 20;

    private FloodLimit() {}
}
