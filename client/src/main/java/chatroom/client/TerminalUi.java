package chatroom.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive terminal: JLine reads the line being typed on the input thread, and
 * everything else (incoming lines, notes, the status line) is drawn above it by
 * {@link LineReader#printAbove}, which erases the input line, prints, and redraws the prompt,
 * the partial input and the cursor where they were.
 *
 * <p>Keys: Enter sends, Tab completes commands and names, Up and Down walk the history
 * (kept across runs in the history file), Ctrl-C clears the line and a second Ctrl-C on the
 * empty line leaves, Ctrl-D on an empty line leaves.
 */
final class TerminalUi implements Ui {

    private static final Logger log = LoggerFactory.getLogger(TerminalUi.class);
    private static final int HISTORY_LINES = 1000;

    private final Terminal terminal;
    private final ChatLineReader reader;
    /** Null where JLine has none for this terminal; a dumb terminal's ignores updates. */
    private final Status status;
    private final MessageRenderer renderer;
    /** Written under the reader's lock, so a new prompt cannot be lost to a readLine starting. */
    private volatile String prompt = "> ";
    /** Input thread only: the last thing read was a Ctrl-C. */
    private boolean interrupted;
    /** Guards {@link #reading}: an interrupt from {@link #endInput} lands only inside {@link #read}. */
    private final Object readingLock = new Object();
    /** The thread in {@link #read}, for {@link #endInput} to interrupt. */
    private Thread reading;
    private volatile boolean ended;

    TerminalUi(Terminal terminal, Path historyFile, MessageRenderer renderer, Supplier<List<String>> names) {
        this.terminal = terminal;
        this.renderer = renderer;
        this.reader = new ChatLineReader(terminal);
        // Chat text is not shell syntax: quotes and backslashes are characters like any other.
        reader.setParser(new DefaultParser().quoteChars(new char[0]).escapeChars(new char[0]));
        reader.setCompleter(new ChatCompleter(names));
        reader.setHistory(new DefaultHistory());
        reader.setVariable(LineReader.HISTORY_FILE, historyFile);
        reader.setVariable(LineReader.HISTORY_SIZE, HISTORY_LINES);
        reader.setVariable(LineReader.HISTORY_FILE_SIZE, HISTORY_LINES);
        reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION); // "!!" and "\" stay as typed
        reader.setOpt(LineReader.Option.ERASE_LINE_ON_FINISH);    // a sent message is shown once: its echo
        reader.setOpt(LineReader.Option.CASE_INSENSITIVE);
        reader.unsetOpt(LineReader.Option.INSERT_TAB);
        reader.getWidgets().put(LineReader.CALLBACK_INIT, () -> {
            reader.setPrompt(prompt);
            return true;
        });
        this.status = Status.getStatus(terminal);
        log.info("event=terminal class={} type={} size={} status={}", terminal.getClass().getSimpleName(),
                terminal.getType(), terminal.getSize(), status);
    }

    @Override
    public void show(AttributedString line) {
        reader.printAbove(line);
    }

    @Override
    public void note(String text) {
        show(renderer.note(text));
    }

    @Override
    public void state(ClientState state) {
        reader.locked(() -> {
            prompt = StatusBar.prompt(state);
            if (status != null) {
                status.update(List.of(StatusBar.line(state, renderer.colour())));
            }
            if (reader.isReading()) {
                reader.setPrompt(prompt);
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
                String line = reader.readLine(prompt);
                interrupted = false;
                return ended ? null : line;
            } catch (UserInterruptException e) {
                if (ended) {
                    return null; // JLine's answer to the interrupt from endInput
                }
                if (e.getPartialLine().isEmpty()) {
                    if (interrupted) {
                        return null;
                    }
                    note("Press Ctrl-C again, or Ctrl-D, to leave.");
                }
                interrupted = true;
            } catch (EndOfFileException e) {
                return null;
            }
        }
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
        reader.locked(() -> {
            if (status != null) {
                status.hide(); // gives the terminal its last line back
            }
        });
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            log.warn("event=history_save_failed error=\"{}\"", e.getMessage());
        }
        try {
            terminal.close();
        } catch (IOException e) {
            log.warn("event=terminal_close_failed error=\"{}\"", e.getMessage());
        }
    }

    /**
     * JLine's reader, plus access to the lock it holds while it draws. The status line is
     * drawn by separate JLine code that takes no lock of its own; holding the reader's keeps
     * it from interleaving its escape sequences with a redraw of the input line.
     */
    private static final class ChatLineReader extends LineReaderImpl {

        ChatLineReader(Terminal terminal) {
            super(terminal, "chatroom", new HashMap<>());
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
