package chatroom.client;

import chatroom.protocol.Names;

/**
 * Whether a line of chat mentions a name, as irssi and weechat decide it: the name as a
 * whole word, ignoring case. "bob" is mentioned in "bob: lunch?" and "thanks, Bob!", but
 * not in "bobby" or "kebob", and not in "bob-2", since a dash can be part of a name. Pure.
 */
final class Mentions {

    private Mentions() {}

    static boolean in(String text, String name) {
        if (text == null || name == null || name.isEmpty()) {
            return false;
        }
        int n = name.length();
        for (int at = indexIgnoringCase(text, name, 0); at >= 0; at = indexIgnoringCase(text, name, at + 1)) {
            boolean startsWord = at == 0 || !Names.isNameChar(text.charAt(at - 1));
            boolean endsWord = at + n == text.length() || !Names.isNameChar(text.charAt(at + n));
            if (startsWord && endsWord) {
                return true;
            }
        }
        return false;
    }

    private static int indexIgnoringCase(String text, String name, int from) {
        for (int at = from; at + name.length() <= text.length(); at++) {
            if (text.regionMatches(true, at, name, 0, name.length())) {
                return at;
            }
        }
        return -1;
    }
}
