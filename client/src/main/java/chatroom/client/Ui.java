package chatroom.client;

import org.jline.utils.AttributedString;

/**
 * Where the conversation is shown and lines are typed: {@link TerminalUi} on a terminal,
 * {@link PlainUi} when input or output is a pipe or a file. {@link #show}, {@link #note}
 * and {@link #state} may be called from any thread while another is blocked in
 * {@link #read}; they must never disturb the line being typed.
 */
interface Ui extends AutoCloseable {

    /** A line of the conversation. */
    void show(AttributedString line);

    /** The client itself telling the user something: connection lost, line held back. */
    void note(String text);

    void state(ClientState state);

    /** Draws the user's eye (a mention, a private message): the terminal bell, unless turned off. */
    void alert();

    /**
     * Asks a yes-or-no question in place of the next line (a paste of many lines is sent only
     * if the user says so); true for yes. Called on the thread that calls {@link #read}.
     */
    boolean confirm(String question);

    /**
     * How many keys the user has pressed so far. A count to compare, not a callback: the
     * input thread may hold the terminal's lock while it reads a key, and the session's
     * lock is held while drawing, so calling into the session from there could deadlock.
     */
    long keypresses();

    /** Blocks for the next line typed; null when the user wants to leave (Ctrl-D, end of input). */
    String read();

    /**
     * Whether someone answers as things happen (a person at a terminal) rather than with
     * input written beforehand (a script). Decides what a refused name does: asks for
     * another, or ends the run, since a script's next line is a message, not a name.
     */
    boolean interactive();

    /** The run is over without the user asking: a {@link #read} blocked now, or called later, returns null. */
    void endInput();

    @Override
    void close();
}
