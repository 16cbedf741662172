package chatroom.server.history;

import chatroom.protocol.Event;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The rooms' messages on disk, as the chat sees them. Every method but {@link #loadNow} and
 * {@link #close} is called on the loop thread and returns at once: the disk is another
 * thread's, and answers come back through the loop's task queue ({@link #attach}).
 */
public interface HistoryLog extends AutoCloseable {

    /** Memory only ({@code --no-persist}): nothing is written, nothing is read. */
    HistoryLog NONE = new HistoryLog() {
        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public void attach(Executor toLoop) {}

        @Override
        public void append(Event message) {}

        @Override
        public Loaded loadNow(String room, int limit) {
            return Loaded.NOTHING;
        }

        @Override
        public boolean load(String room, int limit, Consumer<Loaded> done) {
            done.accept(Loaded.NOTHING);
            return true;
        }

        @Override
        public boolean page(String room, long before, int limit, Consumer<Older> done) {
            done.accept(new Older(List.of(), false, false));
            return true;
        }

        @Override
        public Counts counts() {
            return Counts.NONE;
        }

        @Override
        public void close() {}
    };

    /** The id of a room message: {@link Event.Said} or {@link Event.Action}, what the logs keep. */
    static long idOf(Event message) {
        return message instanceof Event.Said said ? said.id() : ((Event.Action) message).id();
    }

    /** The room a room message was said in; null for any other event. */
    static String roomOf(Event message) {
        if (message instanceof Event.Said said) {
            return said.room();
        }
        return message instanceof Event.Action action ? action.room() : null;
    }

    /** Whether messages outlive the process. */
    boolean persistent();

    /** Where {@link #load} and {@link #page} answers are run: the loop's task queue. Called once, before either. */
    void attach(Executor toLoop);

    /**
     * Hands over a room message ({@link Event.Said} or {@link Event.Action}, {@code echo} false)
     * for its room's log. Never blocks and never makes a system call: when the writer has fallen
     * so far behind that its queue is full, the message is not kept on disk and is counted.
     */
    void append(Event message);

    /** As {@link #load}, on the calling thread: at start only, before the loop runs (the lobby). */
    Loaded loadNow(String room, int limit);

    /**
     * Reads the newest {@code limit} messages of {@code room} (any case; the log keys it) and
     * where its ids go on, after every message appended before this call has been written.
     * {@code done} runs on the loop. Loads are not bounded (the chat bounds the rooms it loads,
     * and a load refused would start a room without its history) and are served before pages:
     * false, and {@code done} is never run, only once the log is closed. A name that is not
     * {@link chatroom.protocol.Names#isValid valid} is {@link Loaded#NOTHING}, never an exception.
     */
    boolean load(String room, int limit, Consumer<Loaded> done);

    /**
     * The newest {@code limit} messages of {@code room} with an id below {@code before}, oldest
     * first, after every message appended before this call has been written. {@code done} runs
     * on the loop. False, and {@code done} is never run, when too many pages are waiting already
     * (the caller says the history is busy) or the log is closed.
     */
    boolean page(String room, long before, int limit, Consumer<Older> done);

    /** What the log has done so far, for {@code /metrics}; any thread. */
    Counts counts();

    /** Writes and fsyncs everything handed over, marks the stop as clean, and stops the writer. */
    @Override
    void close();

    /**
     * What a room left on disk.
     *
     * @param newest up to the limit asked, oldest first: {@link Event.Said} and {@link Event.Action}
     * @param nextId the id the room's next message takes (above every id the room has given,
     *     with a margin after an unclean stop or dropped records, whose ids may not be on disk);
     *     0 when nothing is on disk and the chat picks
     * @param oldestId the oldest id still on disk, 0 when none
     * @param failed the log could not be read (what could be read is in {@code newest})
     * @param gaps the jumps the room's ids took that reach {@code oldestId} or above, oldest first:
     *     ids never given, so never messages a {@code /resume} missed
     */
    record Loaded(List<Event> newest, long nextId, long oldestId, boolean failed, List<Gap> gaps) {
        public static final Loaded NOTHING = new Loaded(List.of(), 0, 0, false);

        public Loaded {
            newest = List.copyOf(newest);
            gaps = List.copyOf(gaps);
        }

        /** With no jump. */
        public Loaded(List<Event> newest, long nextId, long oldestId, boolean failed) {
            this(newest, nextId, oldestId, failed, List.of());
        }
    }

    /** Ids {@code from} to {@code to} (inclusive) that a room skipped: never given to a message. */
    record Gap(long from, long to) {
        public Gap {
            if (from <= 0 || to < from) {
                throw new IllegalArgumentException("not a gap: " + from + " " + to);
            }
        }
    }

    /**
     * A page of older messages.
     *
     * @param messages oldest first
     * @param more whether the log holds messages older than these
     * @param failed the log could not be read
     */
    record Older(List<Event> messages, boolean more, boolean failed) {
        public Older {
            messages = List.copyOf(messages);
        }
    }

    /**
     * @param written records written to the log since the start
     * @param dropped records not kept: the queue was full, or writing them failed
     * @param writeErrors writes or fsyncs that failed
     * @param fsyncs fsyncs done
     * @param queued records waiting for the writer now
     * @param bytes bytes the logs take on disk, as of the last look (start, compaction)
     */
    record Counts(long written, long dropped, long writeErrors, long fsyncs, long queued, long bytes) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);
    }
}
