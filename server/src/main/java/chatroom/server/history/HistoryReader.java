package chatroom.server.history;

import chatroom.protocol.Event;
import chatroom.protocol.Names;
import chatroom.server.history.HistoryLog.Gap;
import chatroom.server.history.HistoryLog.Loaded;
import chatroom.server.history.HistoryLog.Older;
import chatroom.server.history.RoomFiles.Segment;
import chatroom.server.log.LogValues;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a room's newest messages, or a page before an id, going back from the newest segment
 * only as far as the answer needs: what it holds is bounded by the limit asked (and one
 * segment), never by the size of the log.
 *
 * <p>Damage is reported, not fatal: skipped records and bytes are logged once per read, a torn
 * tail once per file for the life of the process.
 *
 * <p>The one thing it writes is a room's jumps ({@link GapFile}), when a load makes one.
 */
final class HistoryReader {

    private static final Logger log = LoggerFactory.getLogger(HistoryReader.class);

    /** Far above any segment written (a megabyte, and one record past it): a bigger file is not ours. */
    private static final long MAX_SEGMENT = 64L << 20;
    private static final long WARN_EVERY = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    private final RoomFiles files;
    /** Files whose torn tail has been logged already (the writer truncates it at its next append). */
    private final Set<Path> tornReported = ConcurrentHashMap.newKeySet();
    /**
     * Failed reads are warned about once a minute, with how many failed since: every join of a
     * room not in memory is a read, and with the descriptors gone (EMFILE) each one fails, so a
     * line each let one address hopping rooms write ~45 lines a second.
     */
    private final Throttle readWarnings = new Throttle(WARN_EVERY);
    private long readFailures;

    HistoryReader(RoomFiles files) {
        this.files = files;
    }

    /** One segment read whole: its good messages in file order, and what was wrong. */
    record Read(List<Event> messages, SegmentFormat.Scan scan) {}

    /**
     * The newest {@code limit} messages of {@code room}, where its ids go on, the oldest id on disk
     * and the jumps its ids took; {@code margin} is added to the next id (see {@link HistoryStore}),
     * a jump recorded in {@link GapFile} before it is answered. A name that is not one has
     * {@link Loaded#NOTHING}.
     */
    Loaded load(String room, int limit, long margin) {
        if (!Names.isValid(room)) {
            return Loaded.NOTHING; // no room can have that name, so none has a log
        }
        List<Segment> segments = segments(room);
        if (segments == null) {
            return new Loaded(List.of(), 0, 0, true);
        }
        if (segments.isEmpty()) {
            return Loaded.NOTHING;
        }
        ArrayDeque<Event> newest = new ArrayDeque<>();
        long lastId = -1;
        boolean failed = false;
        for (int i = segments.size() - 1; i >= 0 && (newest.size() < limit || lastId < 0); i--) {
            Read read;
            try {
                read = read(segments.get(i), room);
            } catch (IOException e) {
                failed = true;
                continue;
            }
            List<Event> messages = read.messages();
            if (lastId < 0 && !messages.isEmpty()) {
                lastId = HistoryLog.idOf(messages.get(messages.size() - 1));
            }
            for (int m = messages.size() - 1; m >= 0 && newest.size() < limit; m--) {
                newest.addFirst(messages.get(m));
            }
        }
        // The oldest segment's name is its first id: no need to read it.
        long oldestId = segments.get(0).firstId();
        Path roomDir = segments.get(0).file().getParent();
        List<Gap> gaps = GapFile.read(roomDir, room);
        // The newest segment's name is an id that was handed out even when none of its records can be read.
        // Ids go on from the end of the last jump at least: the run that made it may have given ids after it
        // that never reached the disk.
        long lastGiven = Math.max(lastId, segments.get(segments.size() - 1).firstId());
        if (!gaps.isEmpty()) {
            lastGiven = Math.max(lastGiven, gaps.get(gaps.size() - 1).to());
        }
        // A segment that could not be read at all may hold any ids above it.
        long jump = failed ? Math.max(margin, HistoryStore.ID_MARGIN) : margin;
        long nextId = lastGiven + 1 + jump;
        if (jump > 0) {
            gaps = recordJump(room, roomDir, gaps, new Gap(lastGiven + 1, nextId - 1), oldestId);
        }
        List<Gap> reaching = gaps.stream().filter(gap -> gap.to() >= oldestId).toList();
        return new Loaded(new ArrayList<>(newest), nextId, oldestId, failed, reaching);
    }

    /**
     * {@code gaps} and {@code jump}, recorded before the ids after it are given (see {@link GapFile});
     * when that fails the chat still hears of the jump this time, and is told the missed messages
     * of a later read too high.
     */
    private static List<Gap> recordJump(String room, Path roomDir, List<Gap> gaps, Gap jump, long oldestId) {
        try {
            return GapFile.record(roomDir, gaps, jump, oldestId);
        } catch (IOException e) {
            log.warn("event=history_gaps_write_failed room={} from={} to={} error={}", room, jump.from(), jump.to(),
                    LogValues.quoted(e.toString()));
            List<Gap> all = new ArrayList<>(gaps);
            all.add(jump);
            return all;
        }
    }

    /**
     * The newest {@code limit} messages of {@code room} with an id below {@code before}, oldest
     * first; a name that is not one has none.
     */
    Older page(String room, long before, int limit) {
        if (!Names.isValid(room)) {
            return new Older(List.of(), false, false);
        }
        List<Segment> segments = segments(room);
        if (segments == null) {
            return new Older(List.of(), false, true);
        }
        ArrayDeque<Event> page = new ArrayDeque<>();
        boolean failed = false;
        for (int i = RoomFiles.before(segments, before); i >= 0; i--) {
            List<Event> messages;
            try {
                messages = read(segments.get(i), room).messages();
            } catch (IOException e) {
                failed = true;
                continue;
            }
            for (int m = messages.size() - 1; m >= 0; m--) {
                Event message = messages.get(m);
                if (HistoryLog.idOf(message) >= before) {
                    continue;
                }
                if (page.size() == limit) {
                    return new Older(new ArrayList<>(page), true, failed);
                }
                page.addFirst(message);
            }
            if (page.size() == limit) {
                // Older segments hold older messages (unless every record in them is damaged).
                return new Older(new ArrayList<>(page), i > 0, failed);
            }
        }
        return new Older(new ArrayList<>(page), false, failed);
    }

    /** {@code room}'s segments, oldest first; null (logged) when they cannot be listed. */
    private List<Segment> segments(String room) {
        try {
            return RoomFiles.segments(files.roomDir(room));
        } catch (IOException e) {
            warnReadFailed(room, null, e);
            return null;
        }
    }

    /** Logs a failed read at most once a minute (reads run on the writer, and at start), with the count. */
    private synchronized void warnReadFailed(String room, Path file, IOException e) {
        readFailures++;
        if (readWarnings.due(System.nanoTime())) {
            log.warn("event=history_read_failed room={} file={} error={} failures={}", room, file,
                    LogValues.quoted(e.toString()), readFailures);
        }
    }

    /** {@code segment} read whole; a file deleted meanwhile (retention) reads as empty. */
    Read read(Segment segment, String room) throws IOException {
        byte[] data;
        try (FileChannel channel = FileChannel.open(segment.file(), StandardOpenOption.READ)) {
            data = readAll(channel);
        } catch (NoSuchFileException e) {
            return new Read(List.of(), new SegmentFormat.Scan(null, 0, 0, 0, 0, 0, 0));
        } catch (IOException e) {
            warnReadFailed(room, segment.file(), e);
            throw e;
        }
        List<Event> messages = new ArrayList<>();
        SegmentFormat.Scan scan = SegmentFormat.scan(data, data.length, room, messages::add);
        report(room, segment.file(), scan);
        return new Read(messages, scan);
    }

    /**
     * The bytes {@code channel} holds now, from its start: its size is read once, so a file
     * growing meanwhile, or a device that never ends, is read only that far.
     */
    static byte[] readAll(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > MAX_SEGMENT) {
            throw new IOException("a segment of " + size + " bytes is not one this server wrote");
        }
        ByteBuffer data = ByteBuffer.allocate((int) size);
        while (data.hasRemaining() && channel.read(data, data.position()) >= 0) {
            // until the size read, or an end before it (a file cut meanwhile)
        }
        return Arrays.copyOf(data.array(), data.position());
    }

    /** Logs what {@code scan} found wrong in {@code file}. */
    void report(String room, Path file, SegmentFormat.Scan scan) {
        if (!scan.headerOk()) {
            log.warn("event=history_bad_header room={} file={}", room, file);
        }
        if (scan.skippedRecords() > 0 || scan.skippedBytes() > 0) {
            log.warn("event=history_skipped room={} file={} records={} bytes={}", room, file, scan.skippedRecords(),
                    scan.skippedBytes());
        }
        if (scan.tornBytes() > 0 && tornReported.add(file)) {
            log.warn("event=history_torn_tail room={} file={} bytes={}", room, file, scan.tornBytes());
        }
    }

    /** Forgets that {@code file}'s tail was reported: it has been truncated, and a new tear is news. */
    void truncated(Path file) {
        tornReported.remove(file);
    }
}
