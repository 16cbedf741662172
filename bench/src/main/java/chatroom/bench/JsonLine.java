package chatroom.bench;

import java.util.Locale;

/** A flat JSON object on one line, built field by field; enough for a summary, no library needed. */
final class JsonLine {

    private final StringBuilder out = new StringBuilder("{");

    JsonLine put(String key, long value) {
        return raw(key, Long.toString(value));
    }

    /** Non-finite values (NaN, infinity) have no JSON form and become null. */
    JsonLine put(String key, double value) {
        return raw(key, Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null");
    }

    JsonLine put(String key, boolean value) {
        return raw(key, Boolean.toString(value));
    }

    JsonLine put(String key, String value) {
        return raw(key, value == null ? "null" : quote(value));
    }

    JsonLine put(String key, Iterable<String> values) {
        StringBuilder array = new StringBuilder("[");
        for (String value : values) {
            if (array.length() > 1) {
                array.append(',');
            }
            array.append(quote(value));
        }
        return raw(key, array.append(']').toString());
    }

    @Override
    public String toString() {
        return out + "}";
    }

    private JsonLine raw(String key, String json) {
        if (out.length() > 1) {
            out.append(',');
        }
        out.append(quote(key)).append(':').append(json);
        return this;
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
