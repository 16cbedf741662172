package chatroom.server.store;

import chatroom.protocol.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The shape of the server's own files ({@link BanFile}, {@link NameFile}): a header line naming
 * the kind and its version ({@code # chatroom bans v1: ...}), then one record a line, its fields
 * separated by tabs, {@code -} for a field left empty. More {@code #} lines and blank lines may
 * follow the header (a hand edit). A file of another version is refused rather than guessed at.
 */
final class Tsv {

    static final int VERSION = 1;
    /** An absent value (no name, no block, no end). */
    static final String NONE = "-";

    private Tsv() {}

    /** The first line of a file of {@code kind}, listing its {@code columns}. */
    static String header(String kind, String columns) {
        return "# chatroom " + kind + " v" + VERSION + ": " + columns;
    }

    /** One record: {@code fields} joined by tabs, each with its tabs and line breaks made spaces. */
    static String line(String... fields) {
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

    /** {@code file}'s records; none if it does not exist yet. @throws IllegalArgumentException "line N: ..." */
    static <T> List<T> read(Path file, String kind, int columns, Function<String[], T> record) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), kind, columns, record);
    }

    /**
     * The records of {@code lines}, each made by {@code record} from its {@code columns} fields
     * (which may throw IllegalArgumentException).
     *
     * @throws IllegalArgumentException "line N: ..." for the first bad line
     */
    static <T> List<T> parse(List<String> lines, String kind, int columns, Function<String[], T> record) {
        List<T> records = new ArrayList<>();
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            try {
                if (line.isBlank()) {
                    continue;
                }
                if (!headerSeen) {
                    checkHeader(line, kind);
                    headerSeen = true;
                } else if (!line.startsWith("#")) {
                    String[] fields = line.split("\t", -1);
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

    private static void checkHeader(String line, String kind) {
        String start = "# chatroom " + kind + " v";
        if (!line.startsWith(start)) {
            throw new IllegalArgumentException("not a chatroom " + kind + " file (it starts \"" + header(kind, "")
                    .strip() + " ...\")");
        }
        String version = line.substring(start.length()).split("[:\\s]", 2)[0];
        if (!version.equals(String.valueOf(VERSION))) {
            throw new IllegalArgumentException("version v" + version + " of the " + kind
                    + " file is not one this server reads (v" + VERSION + ")");
        }
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
