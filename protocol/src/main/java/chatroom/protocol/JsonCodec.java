package chatroom.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of every {@link Event}: one object per line, ending in CR LF, with
 * {@code type}, {@code ts} (UTC, ISO-8601 with milliseconds) and the event's fields named as
 * its record components. {@code false} flags and empty optional fields are left out. Jackson's
 * streaming API writes and reads it, so every string is escaped in full (quotes, backslashes,
 * control characters, lone surrogates).
 *
 * <p>An instance reuses its output buffer: not thread-safe, one per thread.
 */
public final class JsonCodec {

    /** Emoji and every other character beyond U+FFFF as its 4 UTF-8 bytes, not a 12-byte pair of escapes. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

    private final ByteArrayBuilder out = new ByteArrayBuilder(256);
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedSecondText;

    /** The event as one JSON object in UTF-8, ending in CR LF. */
    public byte[] encodeLine(Event event) {
        out.reset();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, event);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** The JSON object, without a line end. */
    public String encode(Event event) {
        byte[] line = encodeLine(event);
        return new String(line, 0, line.length - 2, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The {@code type} field of each event. */
    public static String type(Event event) {
        String simple = event.getClass().getSimpleName();
        if (event instanceof Event.Other other) {
            return other.type() == null ? "other" : other.type();
        }
        if (event instanceof Event.FormatSet) {
            return "format";
        }
        StringBuilder snake = new StringBuilder(simple.length() + 4);
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    snake.append('_');
                }
                snake.append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }

    // Java 17 has no pattern matching for switch, hence the chain; the sealed Event keeps it complete.
    private void write(JsonGenerator json, Event event) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", type(event));
        if (event.ts() != null) {
            json.writeStringField("ts", timestamp(event.ts()));
        }
        if (event instanceof Event.Said said) {
            message(json, said.id(), said.room(), said.from(), said.text(), said.echo());
        } else if (event instanceof Event.Action action) {
            message(json, action.id(), action.room(), action.from(), action.text(), action.echo());
        } else if (event instanceof Event.Private p) {
            string(json, "from", p.from());
            string(json, "to", p.to());
            string(json, "text", p.text());
            flag(json, "echo", p.echo());
        } else if (event instanceof Event.Notice notice) {
            string(json, "text", notice.text());
        } else if (event instanceof Event.AskName) {
            string(json, "rules", Names.RULES);
        } else if (event instanceof Event.Hello hello) {
            string(json, "name", hello.name());
        } else if (event instanceof Event.Joined joined) {
            string(json, "room", joined.room());
            string(json, "name", joined.name());
        } else if (event instanceof Event.Left left) {
            string(json, "room", left.room());
            string(json, "name", left.name());
            string(json, "reason", left.reason());
        } else if (event instanceof Event.Renamed renamed) {
            string(json, "room", renamed.room());
            string(json, "from", renamed.from());
            string(json, "to", renamed.to());
            flag(json, "echo", renamed.echo());
        } else if (event instanceof Event.Summary summary) {
            string(json, "room", summary.room());
            json.writeNumberField("joined", summary.joined());
            json.writeNumberField("left", summary.left());
            json.writeNumberField("renamed", summary.renamed());
            json.writeNumberField("count", summary.count());
        } else if (event instanceof Event.Entered entered) {
            string(json, "room", entered.room());
            json.writeNumberField("count", entered.count());
            names(json, entered.names());
        } else if (event instanceof Event.HistoryStart start) {
            string(json, "room", start.room());
            json.writeNumberField("count", start.count());
            if (start.since() >= 0) {
                json.writeNumberField("since", start.since());
                json.writeNumberField("missed", start.missed());
            }
        } else if (event instanceof Event.HistoryEnd end) {
            string(json, "room", end.room());
        } else if (event instanceof Event.HistoryPage page) {
            string(json, "room", page.room());
            json.writeNumberField("count", page.count());
            json.writeNumberField("before", page.before());
            flag(json, "more", page.more());
        } else if (event instanceof Event.Who who) {
            string(json, "room", who.room());
            json.writeNumberField("count", who.count());
            names(json, who.names());
            page(json, who.page(), who.pages());
        } else if (event instanceof Event.Rooms rooms) {
            json.writeNumberField("count", rooms.count());
            json.writeArrayFieldStart("rooms");
            for (Event.RoomCount room : rooms.rooms()) {
                json.writeStartObject();
                json.writeStringField("name", room.name());
                json.writeNumberField("count", room.count());
                json.writeEndObject();
            }
            json.writeEndArray();
            page(json, rooms.page(), rooms.pages());
        } else if (event instanceof Event.Help help) {
            if (help.operator()) {
                json.writeBooleanField("operator", true);
            }
            json.writeArrayFieldStart("commands");
            for (CommandSpec spec : CommandSpec.visible(help.operator())) {
                json.writeStartObject();
                json.writeStringField("usage", spec.usage());
                json.writeStringField("text", spec.description());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("text", CommandSpec.MESSAGE_RULE);
        } else if (event instanceof Event.FormatSet format) {
            json.writeStringField("format", format.format().word());
        } else if (event instanceof Event.Error error) {
            string(json, "code", error.code());
            string(json, "text", error.text());
        } else if (event instanceof Event.Other other) {
            string(json, "text", other.text());
        } else {
            moderation(json, event);
        }
        // Welcome, Pong, Bye, ShuttingDown: the type says it all.
        json.writeEndObject();
    }

    /** The fields of the registered-name and operator events. */
    private void moderation(JsonGenerator json, Event event) throws IOException {
        if (event instanceof Event.PasswordNeeded needed) {
            string(json, "name", needed.name());
            json.writeNumberField("seconds", needed.seconds());
            flag(json, "inUse", needed.inUse());
        } else if (event instanceof Event.Identified identified) {
            string(json, "name", identified.name());
        } else if (event instanceof Event.Registered registered) {
            string(json, "name", registered.name());
            flag(json, "removed", registered.removed());
        } else if (event instanceof Event.PasswordChanged changed) {
            string(json, "name", changed.name());
        } else if (event instanceof Event.Oper oper) {
            string(json, "account", oper.account());
            flag(json, "up", oper.up());
        } else if (event instanceof Event.Kicked kicked) {
            string(json, "room", kicked.room());
            string(json, "name", kicked.name());
            string(json, "by", kicked.by());
            string(json, "reason", kicked.reason());
            flag(json, "echo", kicked.echo());
        } else if (event instanceof Event.Banned banned) {
            string(json, "room", banned.room());
            string(json, "target", banned.target());
            string(json, "by", banned.by());
            instant(json, "until", banned.until());
            string(json, "reason", banned.reason());
            if (banned.closed() != 0) {
                json.writeNumberField("closed", banned.closed());
            }
            flag(json, "echo", banned.echo());
        } else if (event instanceof Event.Unbanned unbanned) {
            string(json, "target", unbanned.target());
            string(json, "by", unbanned.by());
        } else if (event instanceof Event.Bans bans) {
            json.writeNumberField("count", bans.count());
            json.writeArrayFieldStart("bans");
            for (Event.BanEntry ban : bans.bans()) {
                json.writeStartObject();
                string(json, "target", ban.target());
                string(json, "by", ban.by());
                instant(json, "set", ban.set());
                instant(json, "until", ban.until());
                string(json, "reason", ban.reason());
                json.writeEndObject();
            }
            json.writeEndArray();
            page(json, bans.page(), bans.pages());
        } else if (event instanceof Event.Muted muted) {
            string(json, "room", muted.room());
            string(json, "name", muted.name());
            string(json, "by", muted.by());
            instant(json, "until", muted.until());
            flag(json, "echo", muted.echo());
        } else if (event instanceof Event.Unmuted unmuted) {
            string(json, "room", unmuted.room());
            string(json, "name", unmuted.name());
            string(json, "by", unmuted.by());
            flag(json, "echo", unmuted.echo());
        } else if (event instanceof Event.Topic topic) {
            string(json, "room", topic.room());
            string(json, "text", topic.text());
            string(json, "by", topic.by());
            flag(json, "changed", topic.changed());
        } else if (event instanceof Event.Wall wall) {
            string(json, "from", wall.from());
            string(json, "text", wall.text());
        } else if (event instanceof Event.Replaced replaced) {
            string(json, "address", replaced.address());
        }
    }

    private static void message(JsonGenerator json, long id, String room, String from, String text, boolean echo)
            throws IOException {
        json.writeNumberField("id", id);
        string(json, "room", room);
        string(json, "from", from);
        string(json, "text", text);
        flag(json, "echo", echo);
    }

    private static void string(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    /** An instant other than {@code ts} (a ban's end), written as {@code ts} is; absent for none. */
    private void instant(JsonGenerator json, String field, Instant value) throws IOException {
        if (value != null) {
            json.writeStringField(field, timestamp(value));
        }
    }

    private static void flag(JsonGenerator json, String field, boolean value) throws IOException {
        if (value) {
            json.writeBooleanField(field, true);
        }
    }

    /** Which page of a paged answer this is: always written, 1 of 1 when everything fit. */
    private static void page(JsonGenerator json, int page, int pages) throws IOException {
        json.writeNumberField("page", page);
        json.writeNumberField("pages", pages);
    }

    private static void names(JsonGenerator json, List<String> names) throws IOException {
        json.writeArrayFieldStart("names");
        for (String name : names) {
            json.writeString(name);
        }
        json.writeEndArray();
    }

    /** {@code 2026-12-01T15:04:05.123Z}: always three digits of milliseconds, always UTC. */
    String timestamp(Instant ts) {
        long second = ts.getEpochSecond();
        if (second != cachedSecond) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
            cachedSecondText = String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.", t.getYear(),
                    t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
            cachedSecond = second;
        }
        int millis = ts.getNano() / 1_000_000;
        return cachedSecondText + (char) ('0' + millis / 100) + (char) ('0' + millis / 10 % 10)
                + (char) ('0' + millis % 10) + 'Z';
    }

    // ---------------------------------------------------------------- parsing

    /**
     * The event a JSON line stands for. Fields this version does not know are skipped, and a
     * type it does not know becomes an {@link Event.Other} carrying the {@code text} field
     * ({@code other} itself, what an {@code Other} from a text line is written as, gives back
     * one with a null type).
     *
     * @throws IllegalArgumentException if {@code line} is not one JSON object with a string
     *     {@code type}, or a field has the wrong kind of value
     */
    public static Event parse(String line) {
        Fields f = new Fields();
        try (JsonParser json = FACTORY.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object: " + shorten(line));
            }
            f.read(json);
            if (json.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value: " + shorten(line));
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("bad JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
        if (f.type == null) {
            throw new IllegalArgumentException("no \"type\": " + shorten(line));
        }
        return f.event();
    }

    private static String shorten(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }

    /** The fields of one event object, as read; then {@link #event()} builds it. */
    private static final class Fields {
        String type;
        Instant ts;
        long id;
        String room;
        String from;
        String to;
        String text;
        String name;
        String reason;
        String code;
        String format;
        boolean echo;
        int joined;
        int left;
        int renamed;
        int count;
        /** Whether {@code count} was sent: a {@code who} or {@code rooms} without one counts its list. */
        boolean counted;
        int page = 1;
        int pages = 1;
        long since = -1;
        long missed;
        long before;
        boolean more;
        List<String> names = List.of();
        List<Event.RoomCount> rooms = List.of();
        String by;
        String target;
        String account;
        String address;
        Instant until;
        Instant set;
        long seconds;
        int closed;
        boolean inUse;
        boolean removed;
        boolean up;
        boolean changed;
        boolean operator;
        List<Event.BanEntry> bans = List.of();

        void read(JsonParser json) throws IOException {
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "type" -> type = string(json, value, field);
                    case "ts" -> ts = instant(string(json, value, field), field);
                    case "id" -> id = number(json, value, field);
                    case "room" -> room = string(json, value, field);
                    case "from" -> from = string(json, value, field);
                    case "to" -> to = string(json, value, field);
                    case "text" -> text = string(json, value, field);
                    case "name" -> name = string(json, value, field);
                    case "reason" -> reason = string(json, value, field);
                    case "code" -> code = string(json, value, field);
                    case "format" -> format = string(json, value, field);
                    case "echo" -> echo = trueOrFalse(value, field);
                    case "joined" -> joined = intNumber(json, value, field);
                    case "left" -> left = intNumber(json, value, field);
                    case "renamed" -> renamed = intNumber(json, value, field);
                    case "count" -> {
                        count = intNumber(json, value, field);
                        counted = true;
                    }
                    case "page" -> page = intNumber(json, value, field);
                    case "pages" -> pages = intNumber(json, value, field);
                    case "since" -> since = number(json, value, field);
                    case "missed" -> missed = number(json, value, field);
                    case "before" -> before = number(json, value, field);
                    case "more" -> more = trueOrFalse(value, field);
                    case "names" -> names = names(json, value);
                    case "rooms" -> rooms = rooms(json, value);
                    case "by" -> by = string(json, value, field);
                    case "target" -> target = string(json, value, field);
                    case "account" -> account = string(json, value, field);
                    case "address" -> address = string(json, value, field);
                    case "until" -> until = instant(string(json, value, field), field);
                    case "set" -> set = instant(string(json, value, field), field);
                    case "seconds" -> seconds = number(json, value, field);
                    case "closed" -> closed = intNumber(json, value, field);
                    case "inUse" -> inUse = trueOrFalse(value, field);
                    case "removed" -> removed = trueOrFalse(value, field);
                    case "up" -> up = trueOrFalse(value, field);
                    case "changed" -> changed = trueOrFalse(value, field);
                    case "operator" -> operator = trueOrFalse(value, field);
                    case "bans" -> bans = bans(json, value);
                    default -> json.skipChildren();
                }
            }
        }

        Event event() {
            return switch (type) {
                case "welcome" -> new Event.Welcome(ts);
                case "notice" -> new Event.Notice(ts, text);
                case "ask_name" -> new Event.AskName(ts);
                case "hello" -> new Event.Hello(ts, name);
                case "said" -> new Event.Said(ts, id, room, from, text, echo);
                case "action" -> new Event.Action(ts, id, room, from, text, echo);
                case "private" -> new Event.Private(ts, from, to, text, echo);
                case "joined" -> new Event.Joined(ts, room, name);
                case "left" -> new Event.Left(ts, room, name, reason);
                case "renamed" -> new Event.Renamed(ts, room, from, to, echo);
                case "summary" -> new Event.Summary(ts, room, joined, left, renamed, count);
                case "entered" -> new Event.Entered(ts, room, count, names);
                case "history_start" -> new Event.HistoryStart(ts, room, count, since, since < 0 ? 0 : missed);
                case "history_end" -> new Event.HistoryEnd(ts, room);
                case "history_page" -> new Event.HistoryPage(ts, room, count, before, more);
                case "who" -> new Event.Who(ts, room, counted ? count : names.size(), names, page, pages);
                case "rooms" -> new Event.Rooms(ts, counted ? count : rooms.size(), rooms, page, pages);
                case "help" -> new Event.Help(ts, operator);
                case "format" -> Format.named(String.valueOf(format)) != null
                        ? new Event.FormatSet(ts, Format.named(format)) : new Event.Other(ts, type, text);
                case "pong" -> new Event.Pong(ts);
                case "bye" -> new Event.Bye(ts);
                case "shutting_down" -> new Event.ShuttingDown(ts);
                case "error" -> new Event.Error(ts, code, text);
                case "other" -> new Event.Other(ts, null, text);
                case "password_needed" -> new Event.PasswordNeeded(ts, name, seconds, inUse);
                case "identified" -> new Event.Identified(ts, name);
                case "registered" -> new Event.Registered(ts, name, removed);
                case "password_changed" -> new Event.PasswordChanged(ts, name);
                case "oper" -> new Event.Oper(ts, account, up);
                case "kicked" -> new Event.Kicked(ts, room, name, by, reason, echo);
                case "banned" -> new Event.Banned(ts, room, target, by, until, reason, closed, echo);
                case "unbanned" -> new Event.Unbanned(ts, target, by);
                case "bans" -> new Event.Bans(ts, counted ? count : bans.size(), bans, page, pages);
                case "muted" -> new Event.Muted(ts, room, name, by, until, echo);
                case "unmuted" -> new Event.Unmuted(ts, room, name, by, echo);
                case "topic" -> new Event.Topic(ts, room, text, by, changed);
                case "wall" -> new Event.Wall(ts, from, text);
                case "replaced" -> new Event.Replaced(ts, address);
                default -> new Event.Other(ts, type, text);
            };
        }

        private static String string(JsonParser json, JsonToken value, String field) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            if (value != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("\"" + field + "\" is not a string");
            }
            return json.getText();
        }

        private static long number(JsonParser json, JsonToken value, String field) throws IOException {
            if (value != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalArgumentException("\"" + field + "\" is not a whole number");
            }
            return json.getLongValue();
        }

        private static int intNumber(JsonParser json, JsonToken value, String field) throws IOException {
            long n = number(json, value, field);
            if (n != (int) n) {
                throw new IllegalArgumentException("\"" + field + "\" is out of range: " + n);
            }
            return (int) n;
        }

        /** A flag is true, false or null (false); a nested value here would derail the reading. */
        private static boolean trueOrFalse(JsonToken value, String field) {
            if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE && value != JsonToken.VALUE_NULL) {
                throw new IllegalArgumentException("\"" + field + "\" is not true or false");
            }
            return value == JsonToken.VALUE_TRUE;
        }

        private static Instant instant(String text, String field) {
            try {
                return text == null ? null : Instant.parse(text);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("\"" + field + "\" is not an ISO-8601 instant: " + text, e);
            }
        }

        private static List<String> names(JsonParser json, JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("\"names\" is not an array");
            }
            List<String> list = new ArrayList<>();
            JsonToken t;
            while ((t = json.nextToken()) != JsonToken.END_ARRAY) {
                String name = string(json, t, "names");
                if (name == null) {
                    throw new IllegalArgumentException("\"names\" has a null");
                }
                list.add(name);
            }
            return list;
        }

        /** {@code rooms}: each element is read as the fields of an event are, and its name and count kept. */
        private static List<Event.RoomCount> rooms(JsonParser json, JsonToken value) throws IOException {
            return objects(json, value, "rooms", f -> new Event.RoomCount(f.name, f.count));
        }

        private static List<Event.BanEntry> bans(JsonParser json, JsonToken value) throws IOException {
            return objects(json, value, "bans", f -> new Event.BanEntry(f.target, f.by, f.set, f.until, f.reason));
        }

        /** An array of objects, each read as an event's fields are and made into an element by {@code element}. */
        private static <T> List<T> objects(JsonParser json, JsonToken value, String field,
                java.util.function.Function<Fields, T> element) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("\"" + field + "\" is not an array");
            }
            List<T> list = new ArrayList<>();
            JsonToken t;
            while ((t = json.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("\"" + field + "\" has an element that is not an object");
                }
                Fields fields = new Fields();
                fields.read(json);
                list.add(element.apply(fields));
            }
            return list;
        }
    }
}
