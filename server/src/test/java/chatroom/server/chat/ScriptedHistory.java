package chatroom.server.chat;

import chatroom.protocol.Event;
import chatroom.server.history.HistoryLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A {@link HistoryLog} whose disk is a script: what each room's log holds at start, and reads
 * that are answered only when a test says so, as the log's thread would answer some time later.
 * Everything runs on the test's thread.
 */
final class ScriptedHistory implements HistoryLog {

    /** A read the chat asked for, not answered yet. */
    record PageRead(String room, long before, int limit, Consumer<Older> done) {}

    final List<Event> appended = new ArrayList<>();
    final Map<String, Loaded> logs = new HashMap<>();
    final List<String> loadsAsked = new ArrayList<>();
    private final Map<String, List<Consumer<Loaded>>> loads = new HashMap<>();
    final List<PageRead> pages = new ArrayList<>();
    /** Whether {@link #page} takes another read (false: the log's read queue is full). */
    boolean takesPages = true;

    /** {@code room}'s log holds {@code loaded}. */
    ScriptedHistory log(String room, Loaded loaded) {
        logs.put(room.toLowerCase(), loaded);
        return this;
    }

    /** Answers the reads of {@code room}'s log asked so far. */
    void answerLoad(String room) {
        List<Consumer<Loaded>> waiting = loads.remove(room.toLowerCase());
        if (waiting != null) {
            waiting.forEach(done -> done.accept(logs.getOrDefault(room.toLowerCase(), Loaded.NOTHING)));
        }
    }

    /** Answers the oldest page read waiting with {@code older}. */
    void answerPage(Older older) {
        pages.remove(0).done().accept(older);
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public void attach(Executor toLoop) {}

    @Override
    public void append(Event message) {
        appended.add(message);
    }

    @Override
    public Loaded loadNow(String room, int limit) {
        return logs.getOrDefault(room.toLowerCase(), Loaded.NOTHING);
    }

    @Override
    public boolean load(String room, int limit, Consumer<Loaded> done) {
        loadsAsked.add(room);
        loads.computeIfAbsent(room.toLowerCase(), r -> new ArrayList<>()).add(done);
        return true;
    }

    @Override
    public boolean page(String room, long before, int limit, Consumer<Older> done) {
        if (!takesPages) {
            return false;
        }
        pages.add(new PageRead(room, before, limit, done));
        return true;
    }

    @Override
    public Counts counts() {
        return Counts.NONE;
    }

    @Override
    public void close() {}
}
