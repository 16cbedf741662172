package chatroom.client;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Turns a line from the server into what the user sees: the same characters, sanitised,
 * with styles that tell the kinds apart. Every name has its {@linkplain NameColors colour};
 * this user's own name is bold too; notices are faint, errors bold red, private messages
 * magenta, {@code /me} actions italic. Without colour the result is the plain text, which
 * is also exactly what {@link AttributedString#toString()} gives in either case. Pure.
 */
final class MessageRenderer {

    private static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
    private static final AttributedStyle TIME = PLAIN.faint();
    private static final AttributedStyle NOTICE = PLAIN.faint();
    private static final AttributedStyle ERROR = PLAIN.bold().foreground(AttributedStyle.RED);
    private static final AttributedStyle PRIVATE = PLAIN.foreground(AttributedStyle.MAGENTA);
    private static final AttributedStyle ACTION = PLAIN.italic();
    private static final AttributedStyle NOTE = PLAIN.bold().foreground(AttributedStyle.YELLOW);

    /** Marks what the client itself says (connection lost, line queued), as {@code ***} marks the server. */
    static final String NOTE_MARK = "--- ";

    private final boolean colour;

    MessageRenderer(boolean colour) {
        this.colour = colour;
    }

    /** Whether this renderer styles at all; what else is drawn (the status line) follows it. */
    boolean colour() {
        return colour;
    }

    /** A line as it came from the server. {@code ownName} (null before login) gets the own-line style. */
    AttributedString render(String line, String ownName) {
        return render(ServerLine.parse(Sanitizer.clean(line)), ownName);
    }

    AttributedString render(ServerLine line, String ownName) {
        Styled out = new Styled();
        if (line instanceof ServerLine.Said said) {
            out.time(said.time()).add("<", PLAIN).name(said.from(), ownName).add("> ", PLAIN).add(said.text(), PLAIN);
        } else if (line instanceof ServerLine.Action action) {
            out.time(action.time()).add("* ", ACTION).name(action.from(), ownName).add(" ", PLAIN)
                    .add(action.text(), ACTION);
        } else if (line instanceof ServerLine.PrivateFrom from) {
            out.time(from.time()).add("*" + from.from() + "*", PRIVATE.bold()).add(" " + from.text(), PRIVATE);
        } else if (line instanceof ServerLine.PrivateTo to) {
            out.time(to.time()).add("-> *" + to.to() + "*", PRIVATE.bold()).add(" " + to.text(), PRIVATE);
        } else if (line instanceof ServerLine.Notice notice) {
            out.add(ServerLine.NOTICE_MARK + notice.text(), NOTICE);
        } else if (line instanceof ServerLine.Error error) {
            out.add(ServerLine.ERROR_MARK + error.text(), ERROR);
        } else if (line instanceof ServerLine.Other other) {
            out.add(other.text(), PLAIN);
        }
        return out.build();
    }

    /** Something the client itself tells the user; the text is the client's own, not the wire's. */
    AttributedString note(String text) {
        return new Styled().add(NOTE_MARK + text, NOTE).build();
    }

    /** Builds one line, dropping every style when colour is off. */
    private final class Styled {
        private final AttributedStringBuilder builder = new AttributedStringBuilder();

        Styled add(String text, AttributedStyle style) {
            builder.styled(colour ? style : PLAIN, text);
            return this;
        }

        Styled time(String time) {
            return add("[" + time + "] ", TIME);
        }

        Styled name(String name, String ownName) {
            AttributedStyle style = PLAIN.foreground(NameColors.of(name));
            return add(name, name.equalsIgnoreCase(ownName) ? style.bold() : style);
        }

        AttributedString build() {
            return builder.toAttributedString();
        }
    }
}
