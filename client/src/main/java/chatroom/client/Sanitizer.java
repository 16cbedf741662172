package chatroom.client;

import chatroom.protocol.Event;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes text from the wire safe to print on the user's terminal.
 *
 * <p>The server already strips control characters from what users type, so on a healthy
 * server this changes nothing; it is here because the client must not trust the wire. A
 * buggy or hostile server could otherwise move the cursor, clear the screen, retitle the
 * window or reorder text. Nothing is silently dropped: every character that could act on
 * the terminal becomes a visible stand-in, so a user can see that something odd arrived.
 * <ul>
 *   <li>C0 controls (ESC, BEL, BS, CR, ...) become their Unicode control pictures
 *       (U+2400..U+241F: ESC shows as ␛), DEL becomes ␡; an escape sequence is then
 *       harmless text such as {@code ␛[2J};</li>
 *   <li>TAB becomes a space: the line editor counts columns, and a tab's width depends on
 *       where it lands;</li>
 *   <li>C1 controls (U+0080..U+009F, where U+009B is a one-character CSI), the
 *       bidirectional overrides, embeddings, isolates and marks, the line and paragraph
 *       separators, zero-width space and the byte-order mark become U+FFFD.</li>
 * </ul>
 * {@link #clean(Event)} does this to every string an event holds, so what the client keeps
 * (its name, its room, the names it completes) is as safe as what it shows.
 */
final class Sanitizer {

    private static final char REPLACEMENT = '\ufffd';
    private static final char CONTROL_PICTURES = '\u2400';
    private static final char DELETE_PICTURE = '\u2421';

    private Sanitizer() {}

    /** {@code text} with every character described above replaced; {@code text} itself if none. */
    static String clean(String text) {
        int i = 0;
        while (i < text.length() && standIn(text.charAt(i)) == text.charAt(i)) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, i);
        for (; i < text.length(); i++) {
            out.append(standIn(text.charAt(i)));
        }
        return out.toString();
    }

    /**
     * {@code event} with every string in it cleaned: texts, names, rooms, reasons, and the
     * strings in its lists and nested records; {@code event} itself if none changed. Done on
     * the record's components rather than type by type, so an event added to the protocol
     * later cannot slip through uncleaned.
     */
    static Event clean(Event event) {
        return (Event) cleanRecord((Record) event); // every event is a record
    }

    private static Record cleanRecord(Record record) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean changed = false;
        try {
            for (int i = 0; i < components.length; i++) {
                Object value = components[i].getAccessor().invoke(record);
                values[i] = cleanValue(value);
                types[i] = components[i].getType();
                changed |= values[i] != value;
            }
            if (!changed) {
                return record;
            }
            return record.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + record.getClass().getName(), e);
        }
    }

    private static Object cleanValue(Object value) {
        if (value instanceof String text) {
            return clean(text);
        }
        if (value instanceof Record record) {
            return cleanRecord(record);
        }
        if (value instanceof List<?> list) {
            List<Object> cleaned = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object element : list) {
                Object clean = cleanValue(element);
                cleaned.add(clean);
                changed |= clean != element;
            }
            return changed ? cleaned : list;
        }
        return value; // numbers, flags, instants, enums: nothing to print wrongly
    }

    private static char standIn(char c) {
        if (c == '\t') {
            return ' ';
        }
        if (c < 0x20) {
            return (char) (CONTROL_PICTURES + c);
        }
        if (c < 0x7f) {
            return c;
        }
        if (c == 0x7f) {
            return DELETE_PICTURE;
        }
        boolean unsafe = c <= 0x9f
                || c == '\u061c'                     // Arabic letter mark
                || c == '\u200e' || c == '\u200f'    // LRM, RLM
                || (c >= '\u2028' && c <= '\u202e')  // line/paragraph separators, embeddings, overrides
                || (c >= '\u2066' && c <= '\u2069')  // isolates
                || c == '\u200b' || c == '\ufeff'; // zero-width space, byte-order mark: hide what a line says
        return unsafe ? REPLACEMENT : c;
    }
}
