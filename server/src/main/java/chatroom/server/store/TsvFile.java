package chatroom.server.store;

import chatroom.protocol.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The shape of the server's own files ({@link BanFile}, {@link NameFile}): a header line naming
 * the kind, its version and its columns ({@code # chatroom bans v1: ID NAME ...}), then one
 * record a line, its fields separated by tabs, {@code -} for a field left empty (an empty last
 * field may be left off). More {@code #}
 * lines and blank lines may follow the header (a hand edit). A file of another version is
 * refused rather than guessed at.
 *
 * @param <T> what one line holds
 */
public final class TsvFile<T> {

    static final int VERSION = 1;
    /** An absent value (no name, no block, no end). */
    static final String NONE = "-";

    private final String kind;
    private final String header;
    private final int columns;
    private final Supplier<Function<String[], T>> reader;
    private final Function<T, String[]> writer;

    /**
     * @param columns the names of the columns, separated by spaces
     * @param note what the header says after them
     * @param reader makes a record from a line's fields, for one file at a time (it may remember
     *     the lines before); throws IllegalArgumentException saying what is wrong
     * @param writer a record's fields
     */
    TsvFile(String kind, String columns, String note, Supplier<Function<String[], T>> reader,
            Function<T, String[]> writer) {
        this.kind = kind;
        this.header = "# chatroom " + kind + " v" + VERSION + ": " + columns + " (" + note + ")";
        this.columns = columns.split(" ").length;
        this.reader = reader;
        this.writer = writer;
    }

    /** {@code bans.tsv}: where it is kept in the data dir. */
    public String fileName() {
        return kind + ".tsv";
    }

    /** {@code file}'s records; none if it does not exist yet. @throws IllegalArgumentException "line N: ..." */
    public List<T> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException "line N: ..." for the first bad line */
    public List<T> parse(List<String> lines) {
        Function<String[], T> record = reader.get();
        List<T> records = new ArrayList<>();
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            try {
                if (line.isBlank()) {
                    continue;
                }
                if (!headerSeen) {
                    checkHeader(line);
                    headerSeen = true;
                } else if (!line.startsWith("#")) {
                    String[] fields = line.split("\t", -1);
                    if (fields.length == columns - 1) {
                        // A hand-written line may leave off an empty last field (a ban's reason)
                        // rather than end with a tab nobody can see.
                        fields = Arrays.copyOf(fields, columns);
                        fields[columns - 1] = "";
                    }
                    if (fields.length != columns) {
                        throw new IllegalArgumentException(
                                "expected " + columns + " fields separated by tabs, found " + fields.length);
                    }
                    records.add(record.apply(fields));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return records;
    }

    /** The lines of a file holding {@code records}, the header first. */
    public List<String> format(List<T> records) {
        List<String> lines = new ArrayList<>(records.size() + 1);
        lines.add(header);
        for (T record : records) {
            lines.add(line(writer.apply(record)));
        }
        return lines;
    }

    private void checkHeader(String line) {
        String start = "# chatroom " + kind + " v";
        if (!line.startsWith(start)) {
            throw new IllegalArgumentException("not a chatroom " + kind + " file (it starts \"" + start + VERSION
                    + "\")");
        }
        String version = line.substring(start.length()).split("[:\\s]", 2)[0];
        if (!version.equals(String.valueOf(VERSION))) {
            throw new IllegalArgumentException("version v" + version + " of the " + kind
                    + " file is not one this server reads (v" + VERSION + ")");
        }
    }

    /** {@code fields} joined by tabs, each with its tabs and line breaks made spaces. */
    private static String line(String... fields) {
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            if (line.length() > 0) {
                line.append('\t');
            }
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                line.append(c < 0x20 || c == 0x7f ? ' ' : c);
            }
        }
        return line.toString();
    }

    /** {@code value}, or {@link #NONE} for null. */
    static String orNone(Object value) {
        return value == null ? NONE : value.toString();
    }

    /** null for {@link #NONE}, else {@code field}. */
    static String orNull(String field) {
        return field.equals(NONE) ? null : field;
    }

    static Instant instant(String field, String what) {
        try {
            return Instant.parse(field);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " is not a UTC time like 2026-12-02T07:00:00Z");
        }
    }

    static String name(String field, String what) {
        if (!Names.isValid(field)) {
            throw new IllegalArgumentException(what + " is not a name (" + Names.RULES + ")");
        }
        return field;
    }
}
