package chatroom.bench;

import java.util.Locale;

/** What the generator is doing, on stderr, so stdout carries only the results. */
final class Progress {

    private Progress() {}

    static void say(String format, Object... args) {
        System.err.println("bench: " + String.format(Locale.ROOT, format, args));
    }
}
