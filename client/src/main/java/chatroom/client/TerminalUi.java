package chatroom.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.MaskingCallback;
import org.jline.reader.impl.SimpleMaskingCallback;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.spi.TerminalExt;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp;
import org.jline.utils.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive terminal: JLine reads the line being typed on the input thread, and
 * everything else (incoming lines, notes, the status line) is drawn above it by
 * {@link LineReader#printAbove}, which erases the input line, prints, and redraws the prompt,
 * the partial input and the cursor where they were.
 *
 * <p>Keys: Enter sends, Tab completes commands and names, Up and Down walk the history
 * (kept across runs in the history file), Ctrl-C clears the line, Ctrl-D on an empty line
 * leaves, and so do two Ctrl-C on the empty line within {@link #LEAVE_WINDOW}: the first
 * says so, and any other key in between starts over, so a Ctrl-C to clear a draft never
 * turns the next one into a goodbye.
 */
final class TerminalUi implements Ui {

    private static final Logger log = LoggerFactory.getLogger(TerminalUi.class);
    private static final int HISTORY_LINES = 1000;
    private static final MaskingCallback MASK = new SimpleMaskingCallback('*');
    /** The shortest time between two rings of the bell. */
    static final Duration BELL_GAP = Duration.ofSeconds(2);
    /** How soon a second Ctrl-C on the empty line must follow the first to leave. */
    static final Duration LEAVE_WINDOW = Duration.ofSeconds(2);

    private final Terminal terminal;
    private final ChatLineReader reader;
    private final StatusLine status;
    /** No cursor moves, no erasing: JLine cannot clear what the terminal itself echoed as the user typed. */
    private final boolean dumb;
    /** Under the reader's lock: set once {@link #close} starts, after which nothing is drawn. */
    private boolean closed;
    /** The SIGTERM handler {@link #close} puts back; null when this is not the process's own terminal. */
    private Object previousTermHandler;
    private final MessageRenderer renderer;
    /** Written under the reader's lock, so a new prompt cannot be lost to a readLine starting. */
    private volatile String prompt = "> ";
    private final boolean bell;
    private final LongSupplier clock;
    /** Input thread only: a Ctrl-C on the empty line asked whether to leave, at {@link #leaveAskedAt}. */
    private boolean leaveAsked;
    private long leaveAskedAt;
    /** Input thread only: {@link ChatLineReader#keys()} just after that Ctrl-C. */
    private long keysAtLeaveAsked;
    /** While true, a line read is no one's history: a name being logged in with, a yes or no. */
    private volatile boolean privateLine;
    /** The line being typed is a password: drawn masked. */
    private volatile boolean password;
    /** The user is an operator now: completion offers the operator commands. */
    private volatile boolean operator;
    /** Under the reader's lock: when the bell last rang, if it has. */
    private boolean rung;
    private long lastBell;
    /** The question {@link #confirm} is waiting on an answer to: the prompt until then. */
    private volatile String asking;
    /** Guards {@link #reading}: an interrupt from {@link #endInput} lands only inside {@link #read}. */
    private final Object readingLock = new Object();
    /** The thread in {@link #read}, for {@link #endInput} to interrupt. */
    private Thread reading;
    private volatile boolean ended;

    TerminalUi(Terminal terminal, Path historyFile, MessageRenderer renderer, OnlineNames names) {
        this(terminal, historyFile, renderer, names, true, System::nanoTime);
    }

    /**
     * @param bell whether {@link #alert} rings the terminal bell
     * @param clock {@link System#nanoTime()}, or a test's: times the two Ctrl-C presses that leave
     */
    TerminalUi(Terminal terminal, Path historyFile, MessageRenderer renderer, OnlineNames names,
            boolean bell, LongSupplier clock) {
        this.terminal = terminal;
        this.renderer = renderer;
        this.bell = bell;
        this.clock = clock;
        this.reader = new ChatLineReader(terminal);
        // Chat text is not shell syntax: quotes and backslashes are characters like any other.
        reader.setParser(new DefaultParser().quoteChars(new char[0]).escapeChars(new char[0]));
        reader.setCompleter(new ChatCompleter(names, () -> operator));
        reader.setHistory(new ChatHistory(() -> privateLine));
        reader.setVariable(LineReader.HISTORY_FILE, historyFile);
        reader.setVariable(LineReader.HISTORY_SIZE, HISTORY_LINES);
        reader.setVariable(LineReader.HISTORY_FILE_SIZE, HISTORY_LINES);
        reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION); // "!!" and "\" stay as typed
        reader.setOpt(LineReader.Option.ERASE_LINE_ON_FINISH);    // a sent message is shown once: its echo
        reader.setOpt(LineReader.Option.CASE_INSENSITIVE);
        reader.unsetOpt(LineReader.Option.INSERT_TAB);
        reader.getWidgets().put(LineReader.CALLBACK_INIT, () -> {
            String question = asking;
            reader.setPrompt(question != null ? question : prompt);
            return true;
        });
        this.dumb = terminal.getType().startsWith(Terminal.TYPE_DUMB); // "dumb" and "dumb-color" alike
        if (!renderer.colour()) {
            plain(reader);
        }
        this.status = new StatusLine(terminal);
        reader.status = status;
        // The reader handles a resize only inside readLine; this one handles it in between too.
        terminal.handle(Terminal.Signal.WINCH, reader::handleSignal);
        if (terminal instanceof TerminalExt ext && ext.getSystemStream() != null) {
            // The JVM's own SIGTERM ends the process with the status line and the scrolling
            // region still set (JLine's shutdown hook resets the region only), and the cursor
            // after the draft, where the shell's prompt would then be written.
            previousTermHandler = Signals.register("TERM", () -> endOnSignal("TERM", 15));
            // Outside readLine the tty is not in raw mode, so Ctrl-C is a real SIGINT, not a key.
            // That happens only while the client is on its way out (waiting for the server's
            // goodbye): the user wants out now, and gets the screen back as on any exit. Inside
            // readLine JLine installs its own handler (the key clears the line) and restores
            // this one after. Only on a real terminal: a test's would exit the test's JVM.
            terminal.handle(Terminal.Signal.INT, signal -> endOnSignal("INT", 2));
        }
        log.info("event=terminal class={} type={} size={} status={}", terminal.getClass().getSimpleName(),
                terminal.getType(), terminal.getSize(), status);
    }

    @Override
    public void show(AttributedString line) {
        reader.locked(() -> {
            if (closed) {
                return;
            }
            if (dumb && reader.isReading()) {
                clearDumbLine();
            }
            reader.printAbove(line);
        });
    }

    /**
     * Blanks the whole input line of a dumb terminal. There JLine gets what is typed only
     * when Enter is pressed (the terminal, or the tty driver, edits and echoes the line), so
     * its printAbove erases just the prompt it drew, and an incoming line shorter than the
     * prompt and draft would end in the draft's tail. The draft itself is not lost: the tty
     * still holds it, sends it on Enter, and shows it again on its reprint key (Ctrl-R).
     */
    private void clearDumbLine() {
        int width = terminal.getWidth() > 0 ? terminal.getWidth() : 80; // a tty's dumb terminal reports no size
        terminal.writer().print("\r" + " ".repeat(width - 1) + "\r");
    }

    @Override
    public void note(String text) {
        show(renderer.note(text));
    }

    @Override
    public void state(ClientState state) {
        privateLine = state.phase() == ClientState.Phase.NAMING || state.phase() == ClientState.Phase.PASSWORD;
        password = state.phase() == ClientState.Phase.PASSWORD;
        operator = state.operator();
        reader.locked(() -> {
            if (closed) {
                return;
            }
            reader.masked(password);
            prompt = StatusBar.prompt(state);
            status.show(width -> StatusBar.line(state, renderer.colour(), width));
            if (reader.isReading() && asking == null) {
                reader.setPrompt(prompt);
                if (dumb) {
                    // JLine redraws only what changed, from where the old and new prompts
                    // differ ("alice> " to "alice@lobby> "), and a dumb terminal cannot move
                    // the cursor back there: the line is redrawn whole instead.
                    clearDumbLine();
                    reader.redrawLine();
                }
                reader.redisplay();
            }
        });
    }

    @Override
    public String read() {
        synchronized (readingLock) {
            if (ended) {
                return null;
            }
            reading = Thread.currentThread();
        }
        try {
            return readLine();
        } finally {
            synchronized (readingLock) {
                reading = null;
                Thread.interrupted(); // endInput's interrupt, if it came after JLine stopped looking
            }
        }
    }

    private String readLine() {
        while (true) {
            try {
                String line = reader.readLine(prompt, null, password ? MASK : null, null);
                String pasted = reader.takePaste();
                if (pasted != null) {
                    reader.getHistory().add(pasted); // as its lines: see ChatHistory
                    line = pasted;
                }
                return ended ? null : line;
            } catch (UserInterruptException e) {
                if (ended) {
                    return null; // JLine's answer to the interrupt from endInput
                }
                if (!e.getPartialLine().isEmpty()) {
                    continue; // the draft is cleared, as in a shell; that is all a Ctrl-C on it does
                }
                long now = clock.getAsLong();
                // The second Ctrl-C is the very next key after the first, and soon after it.
                if (leaveAsked && reader.keys() == keysAtLeaveAsked + 1
                        && now - leaveAskedAt <= LEAVE_WINDOW.toNanos()) {
                    return null;
                }
                leaveAsked = true;
                leaveAskedAt = now;
                keysAtLeaveAsked = reader.keys();
                note("Press Ctrl-C again within " + LEAVE_WINDOW.toSeconds() + " s to leave (or Ctrl-D, or /quit).");
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    @Override
    public void alert() {
        if (!bell) {
            return;
        }
        reader.locked(() -> {
            // A burst of mentions (a flood, a hostile server) rings once, not a hundred times.
            long now = clock.getAsLong();
            if (rung && now - lastBell < BELL_GAP.toNanos()) {
                return;
            }
            rung = true;
            lastBell = now;
            terminal.puts(InfoCmp.Capability.bell);
            terminal.flush();
        });
    }

    /** Reads the answer as a line of its own, with the question for its prompt; only "y" or "yes" is a yes. */
    @Override
    public boolean confirm(String question) {
        privateLine = true;
        asking = question;
        try {
            String answer = reader.readLine(question);
            return !ended && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (UserInterruptException | EndOfFileException e) {
            return false;
        } finally {
            privateLine = false;
            asking = null;
        }
    }

    @Override
    public long keypresses() {
        return reader.keys();
    }

    @Override
    public boolean interactive() {
        return true;
    }

    /** Interrupts the thread in {@link #read}, if any: JLine gives up the line being read. */
    @Override
    public void endInput() {
        synchronized (readingLock) {
            ended = true;
            if (reading != null) {
                reading.interrupt();
            }
        }
    }

    @Override
    public void close() {
        if (!giveBackScreen()) {
            return;
        }
        if (previousTermHandler != null) {
            Signals.unregister("TERM", previousTermHandler);
        }
        saveHistory();
        try {
            terminal.close();
        } catch (IOException e) {
            log.warn("event=terminal_close_failed error=\"{}\"", e.getMessage());
        }
    }

    /**
     * Takes the status line away and leaves the cursor at column 0 of an empty line, for the
     * shell's next output; then nothing is drawn any more. False if that was done already.
     */
    private boolean giveBackScreen() {
        boolean[] first = new boolean[1];
        reader.locked(() -> {
            if (closed) {
                return;
            }
            closed = true; // under the lock: no redraw can come after this one
            first[0] = true;
            status.close();
            if (!dumb) {
                // Whatever the cursor's line holds goes: the prompt and draft, if input was being read.
                terminal.puts(InfoCmp.Capability.carriage_return);
                terminal.puts(InfoCmp.Capability.clr_eos);
            }
            terminal.flush();
        });
        return first[0];
    }

    private void saveHistory() {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            log.warn("event=history_save_failed error=\"{}\"", e.getMessage());
        }
    }

    /**
     * SIGTERM, or SIGINT outside a read (see the constructor): the screen given back, the
     * history saved, and the exit the JVM's own handler makes (128 + the signal's number). The
     * terminal is not closed here: that would end the read on the input thread, whose run
     * would then race to exit with a status of its own. JLine's shutdown hook closes it,
     * restoring the terminal's modes, as on any exit.
     */
    private void endOnSignal(String signal, int number) {
        log.info("event=signal_exit signal={}", signal);
        if (giveBackScreen()) {
            saveHistory();
        }
        Runtime.getRuntime().exit(128 + number);
    }

    /**
     * Without colour (--no-color, NO_COLOR), JLine's own styles go too: the completion menu's
     * (cyan, grey, magenta and inverse by default, each a reader variable) and the highlighting
     * of the line being typed. Not an empty style: JLine's StyleResolver.resolve takes an empty
     * one as unset and falls back to the default; the terminal's own colour is drawn as nothing.
     */
    private static void plain(LineReaderImpl reader) {
        for (String style : List.of(LineReader.COMPLETION_STYLE_STARTING, LineReader.COMPLETION_STYLE_DESCRIPTION,
                LineReader.COMPLETION_STYLE_GROUP, LineReader.COMPLETION_STYLE_SELECTION,
                LineReader.COMPLETION_STYLE_BACKGROUND, LineReader.COMPLETION_STYLE_LIST_STARTING,
                LineReader.COMPLETION_STYLE_LIST_DESCRIPTION, LineReader.COMPLETION_STYLE_LIST_GROUP,
                LineReader.COMPLETION_STYLE_LIST_SELECTION, LineReader.COMPLETION_STYLE_LIST_BACKGROUND)) {
            reader.setVariable(style, "fg:default");
        }
        reader.setHighlighter((r, buffer) -> new AttributedString(buffer));
    }

    /**
     * JLine's reader, plus access to the lock it holds while it draws. The status line is
     * drawn by separate JLine code that takes no lock of its own; holding the reader's keeps
     * it from interleaving its escape sequences with a redraw of the input line.
     */
    private static final class ChatLineReader extends LineReaderImpl {

        /** Key bindings read so far: a Ctrl-C's neighbours are told apart by it. Written by the input thread only. */
        private volatile long keys;
        /** Input thread only: see {@link #beginPaste}. */
        private String paste;
        /** Set once, by the constructor of TerminalUi, before any signal can come. */
        private StatusLine status;

        ChatLineReader(Terminal terminal) {
            super(terminal, "chatroom", new HashMap<>());
        }

        /** Every key (or key sequence, like an arrow) the reader acts on comes through here. */
        @Override
        public Binding readBinding(KeyMap<Binding> keys, KeyMap<Binding> local) {
            Binding binding = super.readBinding(keys, local);
            this.keys++; // volatile, one writer: no lost update
            return binding;
        }

        long keys() {
            return keys;
        }

        /**
         * A bracketed paste (which terminals send as one block) that holds a line break is the
         * lines of the paste, ready to go, as they would be from a terminal without bracketed
         * paste: it is taken whole, with the draft it was pasted into, and the line is accepted
         * at once rather than drawn as a block of thousands of lines to edit. Whether it is
         * sent is asked next ({@link Ui#confirm}). A paste within one line is inserted to edit.
         */
        @Override
        public boolean beginPaste() {
            String text = doReadStringUntil(BRACKETED_PASTE_END).replace('\r', '\n');
            buf.write(text);
            if (text.indexOf('\n') < 0) {
                return true;
            }
            paste = buf.toString();
            buf.clear();
            return acceptLine();
        }

        /** The paste that ended the last line read, once; null if it was typed. */
        String takePaste() {
            String taken = paste;
            paste = null;
            return taken;
        }

        /**
         * A resize while the status line is shown is laid out by {@link StatusLine#resized},
         * under the lock, and the input line drawn again from scratch where it leaves the
         * cursor. JLine's own handling here resizes its status line in a way that hides every
         * later line when the window gets shorter (see there). Anything else is JLine's.
         */
        @Override
        protected void handleSignal(Terminal.Signal signal) {
            if (signal != Terminal.Signal.WINCH || !status.shown()) {
                if (isReading()) { // outside readLine, JLine's handler has no display to resize
                    super.handleSignal(signal);
                }
                return;
            }
            lock.lock();
            try {
                Size now = terminal.getBufferSize();
                if (!status.resized(now)) {
                    return;
                }
                if (isReading()) {
                    size = now;
                    display.resize(now);
                    display.reset(); // what was drawn is erased; the next redisplay draws it all
                    redisplay();
                }
                terminal.flush();
                log.info("event=terminal_resized columns={} rows={}", now.getColumns(), now.getRows());
            } finally {
                lock.unlock();
            }
        }

        /**
         * Draws the line being typed as stars, or as typed: the question for a password can
         * come while a line is being read (the name was sent, the answer came after), so
         * the mask is changed in the middle of a read, under the lock.
         */
        void masked(boolean masked) {
            maskingCallback = masked ? MASK : null;
        }

        void locked(Runnable action) {
            lock.lock();
            try {
                action.run();
            } finally {
                lock.unlock();
            }
        }
    }
}
