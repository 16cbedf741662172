package chatroom.client;

import java.util.List;
import java.util.function.IntFunction;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.Status;

/**
 * The status line on the terminal's last row: JLine's {@link Status}, which keeps that row out
 * of the scrolling region, plus two things it leaves undone: a resize that keeps every line
 * (see {@link #resized}), and an end after which nothing draws the line again. Does nothing
 * where JLine has no status line (a dumb terminal).
 *
 * <p>Not thread-safe: every call is made holding the line reader's lock, as {@link TerminalUi}
 * does, so status, input line and incoming lines are never drawn at once.
 */
final class StatusLine {

    private final Terminal terminal;
    /** Null or unsupported where the terminal cannot keep a row out of the scrolling region. */
    private final Status status;
    /** The line, laid out for a width: drawn again for the new width after a resize. */
    private IntFunction<AttributedString> layout;
    /** What the status line was laid out for; a resize to the same size changes nothing. */
    private Size size;
    private boolean closed;

    StatusLine(Terminal terminal) {
        this.terminal = terminal;
        this.status = Status.getStatus(terminal);
        this.size = terminal.getSize();
    }

    /**
     * Shows the line {@code layout} gives for the terminal's width (a line wider than the
     * window would wrap); nothing once {@link #close} has started, so no redraw outlives it.
     */
    void show(IntFunction<AttributedString> layout) {
        if (closed || status == null) {
            return;
        }
        this.layout = layout;
        status.update(lines());
    }

    private List<AttributedString> lines() {
        return layout == null ? List.of() : List.of(layout.apply(terminal.getWidth()));
    }

    /**
     * Whether a line is on screen, holding the last row: then a resize is {@link #resized}'s to
     * handle. JLine's status keeps no lines where it cannot draw them, so its size says both.
     */
    boolean shown() {
        return !closed && status != null && status.size() > 0;
    }

    /**
     * Lays the status line out again after the terminal changed to {@code now}, leaving the
     * cursor at the start of an empty line above it for the caller to redraw the input on;
     * false if the size is the one already laid out for.
     *
     * <p>Why not JLine's own {@link Status#resize}: it assumes the cursor is still above the
     * new status row, and clears rows by their old positions. Terminals move both. tmux, when
     * the window gets shorter, first drops the rows below the cursor (the status line), so the
     * input line lands on the last row: JLine then sets the scrolling region above it, and
     * every incoming line is written on that last row, outside the region, where nothing
     * scrolls and the next prompt redraw overwrites it. When the window grows, tmux brings
     * rows back from the scrollback, and JLine's clearing from the old status row down blanks
     * them. So this moves nothing by absolute rows. It forgets the old status line (JLine
     * resizes to the whole screen when it has no lines, and draws nothing while suspended),
     * erases from the cursor down (the input line and, below it wherever the terminal put
     * them, the remains of the old status line), and shows the line again: JLine's update,
     * growing the status area from nothing, scrolls the whole screen up one row (the top row
     * into the scrollback, never lost) before it shrinks the scrolling region, and puts the
     * cursor back on the row it was on, now one higher.
     */
    boolean resized(Size now) {
        if (now.equals(size)) {
            return false;
        }
        size = new Size(now.getColumns(), now.getRows());
        status.suspend();
        status.update(List.of()); // only remembered while suspended: nothing erased by the old layout
        status.resize(now);        // no lines: the new size, and the whole screen to scroll in
        terminal.puts(Capability.carriage_return);
        terminal.puts(Capability.clr_eos);
        status.restore();
        status.update(lines()); // laid out for the new width
        return true;
    }

    /**
     * Hides the line for good, giving the terminal its last row and its whole scrolling
     * region back. Later {@link #show} calls do nothing, so a redraw from another thread
     * (the server's goodbye changing the state) cannot bring it back after the program ends.
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (status != null) {
            status.hide();
        }
    }

    @Override
    public String toString() {
        return String.valueOf(status);
    }
}
