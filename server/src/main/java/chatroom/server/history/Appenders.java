package chatroom.server.history;

import chatroom.protocol.Event;
import chatroom.protocol.Names;
import chatroom.server.log.LogValues;
import chatroom.server.store.AtomicFile;
import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread's open segments, one per room that was written to lately: at most
 * {@link #maxOpen} (the least recently written closed first), and none quiet for longer than
 * {@link #IDLE_CLOSE}, so the descriptors a burst of rooms took are given back to the sockets.
 *
 * <p>A room's newest segment is read when it is opened for appending: a torn tail left by a
 * crash is cut off before anything follows it, or it would sit in the middle of the log as
 * damage. Only once, though: a segment this writer closed cleanly is reopened at the size it
 * left it ({@link #closed}), since with more rooms talking than files stay open every batch
 * reopens some, and a scan reads up to a whole segment and checks every record. A segment
 * past the size bound is followed by a new one named by its first id.
 */
final class Appenders {

    /**
     * Files open at most: above --max-rooms' default, so the rooms in memory, the ones that talk,
     * keep theirs open; but no more than a quarter of the process's descriptors, which the
     * sockets need (a server started with ulimit -n 1040 had none left to accept with).
     */
    static final int MAX_OPEN = 1024;
    /** A file not written for this long is closed. */
    static final long IDLE_CLOSE = TimeUnit.MINUTES.toNanos(1);
    /** Segments whose clean end is remembered at most: a few per room that talks. */
    static final int MAX_CLOSED = 4096;
    private static final Logger log = LoggerFactory.getLogger(Appenders.class);

    private final RoomFiles files;
    private final int maxOpen = maxOpen();
    private final HistoryReader reader;
    private final Tally tally;
    private final long segmentBytes;
    private final boolean forceBeforeClose;
    /** By room key, in the order written (access order): the eldest is closed first. */
    private final LinkedHashMap<String, Tail> open = new LinkedHashMap<>(16, 0.75f, true);
    /**
     * Segments closed with writes not yet forced: forced with the open ones at the policy's next
     * force, by opening them again for it. Forcing each as it was closed made every file a batch
     * pushed out cost an fsync, so "everysec" with many rooms talking cost one a message.
     */
    private final Set<Path> unforced = new HashSet<>();
    /** Where each segment this writer closed cleanly ends: reopened there without a scan. */
    private final LinkedHashMap<Path, Closed> closed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Closed> eldest) {
            return size() > MAX_CLOSED;
        }
    };

    /** A segment as this writer left it: whole records up to {@code size}. */
    private record Closed(String room, long headerEnd, long size) {}

    /** The segment a room's messages go to. */
    private static final class Tail {
        final String room;
        final Path roomDir;
        final Path file;
        final long firstId;
        final long headerEnd;
        final FileChannel channel;
        long size;
        boolean dirty;
        /** When it was last written ({@link System#nanoTime}). */
        long written = System.nanoTime();

        Tail(String room, Path roomDir, Path file, long firstId, long headerEnd, FileChannel channel, long size) {
            this.room = room;
            this.roomDir = roomDir;
            this.file = file;
            this.firstId = firstId;
            this.headerEnd = headerEnd;
            this.channel = channel;
            this.size = size;
        }
    }

    /**
     * @param segmentBytes a segment is followed by a new one once it holds this many bytes
     * @param forceBeforeClose whether writes are forced at all (not with --fsync no): then a file closed
     *     with writes not yet forced is forced at the next {@link #forceDirty}, and a new one's directory entry at once
     */
    Appenders(RoomFiles files, HistoryReader reader, Tally tally, long segmentBytes, boolean forceBeforeClose) {
        this.files = files;
        this.reader = reader;
        this.tally = tally;
        this.segmentBytes = segmentBytes;
        this.forceBeforeClose = forceBeforeClose;
    }

    /**
     * Appends {@code messages}, all of {@code room} (a valid name), in order, with one gathering write per
     * segment; {@link Tally#written} counts each one written. A message that is not a room
     * message or is too long is dropped and counted.
     *
     * @throws IOException when a write fails: whatever part of a record got written is cut off
     *     (or, if even that fails, cut off when the next write opens the segment again) and the
     *     room's segment is closed; what was not written is counted as dropped (as for a
     *     RuntimeException, a bug)
     */
    void write(String room, List<Event> messages) throws IOException {
        String key = Names.key(room);
        int handled = 0;
        try {
            Tail tail = null;
            List<ByteBuffer> pending = new ArrayList<>(messages.size());
            long pendingBytes = 0;
            for (Event message : messages) {
                byte[] record;
                try {
                    record = SegmentFormat.record(message);
                } catch (IllegalArgumentException e) {
                    handled++;
                    tally.dropped.incrementAndGet();
                    log.warn("event=history_rejected room={} error={}", room, LogValues.quoted(e.getMessage()));
                    continue;
                }
                long id = HistoryLog.idOf(message);
                if (tail == null) {
                    tail = tail(key, room, id);
                }
                long size = tail.size + pendingBytes;
                if (size > tail.headerEnd && size + record.length > segmentBytes) {
                    handled += flush(tail, pending);
                    pendingBytes = 0;
                    tail = roll(key, tail, id);
                }
                pending.add(ByteBuffer.wrap(record));
                pendingBytes += record.length;
            }
            if (tail != null) {
                flush(tail, pending);
            }
        } catch (IOException | RuntimeException e) {
            // What was not written is lost: its id was handed out, which the next start's margin covers.
            if (e instanceof IOException) {
                tally.writeErrors.incrementAndGet();
            }
            tally.dropped.addAndGet(messages.size() - handled);
            discard(key);
            throw e;
        }
    }

    /** Forces every file written since it was last forced; how many were. */
    int forceDirty() throws IOException {
        int forced = forceClosed();
        for (Iterator<Map.Entry<String, Tail>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Tail tail = it.next().getValue();
            if (tail.dirty) {
                try {
                    force(tail);
                    forced++;
                } catch (IOException e) {
                    it.remove();
                    closeQuietly(tail);
                    throw e;
                }
            }
        }
        return forced;
    }

    /** Forces the segments closed since the last force; how many were. */
    private int forceClosed() throws IOException {
        int forced = 0;
        for (Iterator<Path> it = unforced.iterator(); it.hasNext(); ) {
            Path file = it.next();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(false);
                forced++;
                tally.fsyncs.incrementAndGet();
            } catch (NoSuchFileException e) {
                // deleted since (retention): nothing to force
            }
            it.remove();
        }
        return forced;
    }

    /** Whether a file was written since it was last forced. */
    boolean dirty() {
        return !unforced.isEmpty() || open.values().stream().anyMatch(tail -> tail.dirty);
    }

    /**
     * Closes {@code file} if it is open for appending, so that retention may delete it; true if
     * it was. Unforced writes are not forced: the file is about to go. The room's next message
     * starts a new segment.
     */
    boolean release(Path file) {
        for (Iterator<Tail> it = open.values().iterator(); it.hasNext(); ) {
            Tail tail = it.next();
            if (tail.file.equals(file)) {
                it.remove();
                closeQuietly(tail);
                unforced.remove(file);
                closed.remove(file);
                return true;
            }
        }
        return false;
    }

    /** Closes the files not written for {@link #IDLE_CLOSE}; their unforced writes are forced at the next force. */
    void closeIdle(long now) {
        Iterator<Tail> eldestFirst = open.values().iterator();
        while (eldestFirst.hasNext()) {
            Tail tail = eldestFirst.next();
            if (now - tail.written < IDLE_CLOSE) {
                return; // the rest were written later still
            }
            eldestFirst.remove();
            try {
                close(tail);
            } catch (IOException e) {
                tally.writeErrors.incrementAndGet();
                log.warn("event=history_close_failed room={} file={} error={}", tail.room, tail.file,
                        LogValues.quoted(e.toString()));
            }
        }
    }

    /** {@link #MAX_OPEN}, or a quarter of the descriptors this process may have if that is fewer (at least 16). */
    private static int maxOpen() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return (int) Math.max(16, Math.min(MAX_OPEN, unix.getMaxFileDescriptorCount() / 4));
        }
        return MAX_OPEN;
    }

    /** The files open for appending: retention leaves them alone. */
    Set<Path> inUse() {
        return open.values().stream().map(tail -> tail.file).collect(Collectors.toSet());
    }

    /** The room directories written to: retention does not remove them. */
    Set<Path> roomsInUse() {
        return open.values().stream().map(tail -> tail.roomDir).collect(Collectors.toSet());
    }

    /** Closes every file, forcing each first when {@code force}; the first failure is thrown once all are closed. */
    void closeAll(boolean force) throws IOException {
        IOException failure = null;
        if (force) {
            try {
                forceClosed();
            } catch (IOException e) {
                failure = e;
            }
        }
        for (Tail tail : open.values()) {
            try {
                if (force && tail.dirty) {
                    force(tail);
                }
                tail.channel.close();
            } catch (IOException e) {
                closeQuietly(tail);
                failure = failure == null ? e : failure;
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Writes {@code pending} to {@code tail} and empties it; how many records that was. */
    private int flush(Tail tail, List<ByteBuffer> pending) throws IOException {
        ByteBuffer[] buffers = pending.toArray(ByteBuffer[]::new);
        pending.clear();
        long total = 0;
        for (ByteBuffer buffer : buffers) {
            total += buffer.remaining();
        }
        long done = 0;
        while (done < total) {
            done += tail.channel.write(buffers);
        }
        tail.size += total;
        tail.written = System.nanoTime();
        tail.dirty = true;
        tally.written.addAndGet(buffers.length);
        tally.bytes.addAndGet(total);
        return buffers.length;
    }

    /** The segment {@code room}'s message {@code id} goes to: the open one, the newest on disk, or a new one. */
    private Tail tail(String key, String room, long id) throws IOException {
        Tail tail = open.get(key);
        if (tail != null) {
            return tail;
        }
        Path roomDir = files.roomDir(room);
        if (!Files.isDirectory(roomDir)) {
            Files.createDirectories(roomDir);
            tally.bytes.addAndGet(RoomFiles.BLOCK);
        }
        List<RoomFiles.Segment> segments = RoomFiles.segments(roomDir);
        if (segments.isEmpty()) {
            return opened(key, create(room, roomDir, id));
        }
        RoomFiles.Segment newest = segments.get(segments.size() - 1);
        tail = reopen(room, roomDir, newest);
        if (tail == null) {
            tail = create(room, roomDir, Math.max(id, newest.firstId() + 1));
        }
        return opened(key, tail);
    }

    /** The newest segment open for appending, its torn tail cut off; null when a new segment must follow it. */
    private Tail reopen(String room, Path roomDir, RoomFiles.Segment newest) throws IOException {
        FileChannel channel = FileChannel.open(newest.file(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            if (size >= segmentBytes) {
                channel.close();
                return null;
            }
            Closed left = closed.remove(newest.file());
            if (left != null && left.size() == size) {
                channel.position(size);
                return new Tail(left.room(), roomDir, newest.file(), newest.firstId(), left.headerEnd(), channel, size);
            }
            byte[] data = HistoryReader.readAll(channel);
            SegmentFormat.Scan scan = SegmentFormat.scan(data, data.length, room, message -> { });
            reader.report(room, newest.file(), scan);
            long end;
            long headerEnd = scan.headerEnd();
            if (scan.headerOk()) {
                end = scan.validEnd();
            } else if (scan.records() == 0 && scan.skippedRecords() == 0) {
                // A header cut short by a crash, nothing after it: the file starts again.
                channel.truncate(0);
                channel.position(0);
                writeFully(channel, SegmentFormat.header(room));
                end = channel.size();
                headerEnd = end;
            } else {
                channel.close();
                return null;
            }
            if (scan.tornBytes() > 0) {
                channel.truncate(end);
                reader.truncated(newest.file());
                log.info("event=history_tail_truncated room={} file={} bytes={}", room, newest.file(),
                        scan.tornBytes());
            }
            channel.position(end);
            // The name as first typed goes on into the segments that follow this one.
            String name = scan.headerOk() ? scan.room() : room;
            return new Tail(name, roomDir, newest.file(), newest.firstId(), headerEnd, channel, end);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private Tail roll(String key, Tail full, long id) throws IOException {
        open.remove(key);
        close(full);
        return opened(key, create(full.room, full.roomDir, Math.max(id, full.firstId + 1)));
    }

    private Tail create(String room, Path roomDir, long firstId) throws IOException {
        Path file = RoomFiles.segment(roomDir, firstId);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            byte[] header = SegmentFormat.header(room);
            writeFully(channel, header);
            if (forceBeforeClose) {
                AtomicFile.forceDirectory(roomDir);
            }
            tally.bytes.addAndGet(RoomFiles.BLOCK); // its first block; the bytes written fill it before the next
            return new Tail(room, roomDir, file, firstId, header.length, channel, header.length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private Tail opened(String key, Tail tail) {
        if (open.size() >= maxOpen) {
            Iterator<Tail> eldest = open.values().iterator();
            Tail closing = eldest.next();
            eldest.remove();
            try {
                close(closing);
            } catch (IOException e) {
                tally.writeErrors.incrementAndGet();
                log.warn("event=history_close_failed room={} file={} error={}", closing.room, closing.file,
                        LogValues.quoted(e.toString()));
            }
        }
        open.put(key, tail);
        return tail;
    }

    private void close(Tail tail) throws IOException {
        tail.channel.close();
        if (forceBeforeClose && tail.dirty) {
            unforced.add(tail.file);
        }
        closed.put(tail.file, new Closed(tail.room, tail.headerEnd, tail.size));
    }

    private void force(Tail tail) throws IOException {
        tail.channel.force(false);
        tail.dirty = false;
        tally.fsyncs.incrementAndGet();
    }

    /**
     * Closes {@code key}'s segment after a failed write, cut back to its last whole record. Left
     * there, the part of a record would be found as a torn tail when the segment is opened again
     * and warned about as a crash's, once a batch for as long as the disk stays full. Cutting
     * needs no space.
     */
    private void discard(String key) {
        Tail tail = open.remove(key);
        if (tail == null) {
            return;
        }
        try {
            tail.channel.truncate(tail.size);
        } catch (IOException e) {
            // The next open finds the part of a record as a torn tail and cuts it off then.
        }
        closeQuietly(tail);
    }

    private static void closeQuietly(Tail tail) {
        try {
            tail.channel.close();
        } catch (IOException e) {
            // Already failing: the error that brought us here is the one reported.
        }
    }

    private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
