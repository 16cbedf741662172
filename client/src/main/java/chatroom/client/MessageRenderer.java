package chatroom.client;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Event;
import chatroom.protocol.NameColors;
import chatroom.protocol.TextCodec;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Turns an event from the server into what the user sees. Messages, actions and private
 * messages are laid out here, their time the event's {@code ts} in the user's own zone;
 * every other event reads as the server's own text form ({@link TextCodec}), so the wording
 * is written once, in the protocol module. Styles tell the kinds apart: every name has its
 * {@linkplain NameColors colour}, this user's own name is bold too; notices are faint, errors
 * bold red, private messages magenta, {@code /me} actions italic, an operator's {@code /wall} bold, and a replayed history is
 * faint throughout between two marker lines. Without colour the result is the plain text,
 * which is also exactly what {@link AttributedString#toString()} gives in either case.
 *
 * <p>Events come {@linkplain Sanitizer#clean(Event) cleaned} ({@link Incoming}). Pure, apart
 * from {@link TextCodec}'s cache: the session calls it under its lock.
 */
final class MessageRenderer {

    private static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
    private static final AttributedStyle TIME = PLAIN.faint();
    private static final AttributedStyle NOTICE = PLAIN.faint();
    private static final AttributedStyle ERROR = PLAIN.bold().foreground(AttributedStyle.RED);
    private static final AttributedStyle PRIVATE = PLAIN.foreground(AttributedStyle.MAGENTA);
    private static final AttributedStyle ACTION = PLAIN.italic();
    /** An operator's message to everyone: it must be seen, and cannot be a user's line. */
    private static final AttributedStyle WALL = PLAIN.bold();
    private static final AttributedStyle NOTE = PLAIN.bold().foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle MARKER = PLAIN.faint();
    /** Someone else's line naming this user: it must stand out from the rest. */
    private static final AttributedStyle MENTION = PLAIN.bold().foreground(AttributedStyle.YELLOW);

    private static final String END_OF_HISTORY = "end of history";

    /** Marks what the client itself says (connection lost, line queued, where a replay starts), as {@code ***} marks the server. */
    static final String NOTE_MARK = "--- ";

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final boolean colour;
    private final ZoneId zone;
    private final TextCodec text;

    /** @param zone the user's time zone: every time shown is in it */
    MessageRenderer(boolean colour, ZoneId zone) {
        this.colour = colour;
        this.zone = zone;
        this.text = new TextCodec(zone);
    }

    /** Whether this renderer styles at all; what else is drawn (the status line) follows it. */
    boolean colour() {
        return colour;
    }

    /**
     * The lines that show {@code event}; none for an event with nothing to show.
     *
     * @param ownName this user's name (null before login): shown bold
     * @param replayed the event is part of a history replay, shown faint
     */
    // Java 17 has no pattern matching for switch, hence the chain.
    List<AttributedString> render(Event event, String ownName, boolean replayed) {
        Styled out = new Styled(replayed);
        if (event instanceof Event.Said said) {
            out.time(said.ts()).add("<", PLAIN).name(said.from(), ownName).add("> ", PLAIN)
                    .add(said.text(), mentions(said.from(), said.text(), ownName) ? MENTION : PLAIN);
        } else if (event instanceof Event.Action action) {
            out.time(action.ts()).add("* ", ACTION).name(action.from(), ownName).add(" ", PLAIN)
                    .add(action.text(), mentions(action.from(), action.text(), ownName) ? ACTION.bold()
                            .foreground(AttributedStyle.YELLOW) : ACTION);
        } else if (event instanceof Event.Private p) {
            String who = p.echo() ? "-> *" + p.to() + "*" : "*" + p.from() + "*";
            out.time(p.ts()).add(who, PRIVATE.bold()).add(" " + p.text(), PRIVATE);
        } else if (event instanceof Event.Wall wall) {
            out.time(wall.ts()).add("[operator ", WALL).name(wall.from(), ownName).add(" to everyone] ", WALL)
                    .add(wall.text(), WALL);
        } else if (event instanceof Event.HistoryStart start) {
            String marker = historyStart(start);
            return marker == null ? List.of() : List.of(out.add(NOTE_MARK + marker, MARKER).build());
        } else if (event instanceof Event.HistoryPage page) {
            out.add(NOTE_MARK + historyPage(page), MARKER);
        } else if (event instanceof Event.HistoryEnd) {
            out.add(NOTE_MARK + END_OF_HISTORY, MARKER);
        } else if (event instanceof Event.Error error) {
            out.add(TextCodec.ERROR + error.text(), ERROR);
        } else {
            return lines(text.encode(event), replayed);
        }
        return List.of(out.build());
    }

    /** Whether this is someone else's line that names this user. */
    private static boolean mentions(String from, String text, String ownName) {
        return ownName != null && !ownName.equalsIgnoreCase(from) && Mentions.in(text, ownName);
    }

    /** A line the client puts between others to mark a place in them, like a replay's ends. */
    AttributedString marker(String text) {
        return new Styled(false).add(NOTE_MARK + text, MARKER).build();
    }

    /** Something the client itself tells the user; the text is the client's own, not the wire's. */
    AttributedString note(String text) {
        return new Styled(false).add(NOTE_MARK + text, NOTE).build();
    }

    /**
     * The end of a {@code /history} page whose oldest message has id {@code oldest} (0: none
     * came), with the command that asks for the page before it while the room has one.
     */
    AttributedString pageEnd(Event.HistoryPage page, long oldest) {
        String more = page.more() && oldest > 0 && page.room() != null
                ? " (" + CommandSpec.HISTORY.word() + " " + page.room() + " " + oldest + " for earlier ones)" : "";
        return marker(END_OF_HISTORY + more);
    }

    /** What a page of {@code /history} is: how many earlier messages follow, or that there are none. */
    private static String historyPage(Event.HistoryPage page) {
        return page.count() == 0 ? "no earlier messages in " + page.room()
                : messages(page.count(), "earlier") + " in " + page.room();
    }

    /** What a replay is, or null if there is nothing to say (an empty room, nothing new). */
    private static String historyStart(Event.HistoryStart start) {
        String room = start.room();
        if (start.since() < 0) {
            return start.count() == 0 ? null : messages(start.count(), "earlier") + " in " + room;
        }
        if (start.count() == 0) {
            return start.missed() == 0 ? null : messages(start.missed(), "new") + " in " + room + ", no longer kept";
        }
        return messages(start.count(), "new") + " in " + room + (start.missed() == 0 ? ""
                : "; " + TextCodec.count(start.missed())
                        + (start.missed() == 1 ? " older one is" : " older ones are") + " no longer kept");
    }

    private static String messages(long n, String kind) {
        return TextCodec.count(n) + " " + kind + (n == 1 ? " message" : " messages");
    }

    /** Notices as the server writes them (several lines for {@code /help}); other text as it is. */
    private List<AttributedString> lines(String encoded, boolean replayed) {
        if (encoded == null) {
            return List.of();
        }
        List<AttributedString> lines = new ArrayList<>();
        for (String line : encoded.split("\r\n")) {
            lines.add(new Styled(replayed).add(line, line.startsWith(TextCodec.NOTICE) ? NOTICE : PLAIN).build());
        }
        return lines;
    }

    /** Builds one line, dropping every style when colour is off and making every style faint in a replay. */
    private final class Styled {
        private final AttributedStringBuilder builder = new AttributedStringBuilder();
        private final boolean faint;

        Styled(boolean faint) {
            this.faint = faint;
        }

        Styled add(String text, AttributedStyle style) {
            AttributedStyle shown = !colour ? PLAIN : faint ? style.faint() : style;
            builder.styled(shown, text == null ? "" : text);
            return this;
        }

        /** A message's time in the user's zone; nothing for a text line's message, which has no instant. */
        Styled time(Instant ts) {
            return ts == null ? this : add("[" + LocalTime.ofInstant(ts, zone).format(CLOCK) + "] ", TIME);
        }

        Styled name(String name, String ownName) {
            if (name == null) {
                return this;
            }
            AttributedStyle style = PLAIN.foreground(NameColors.of(name));
            return add(name, name.equalsIgnoreCase(ownName) ? style.bold() : style);
        }

        AttributedString build() {
            return builder.toAttributedString();
        }
    }
}
