package chatroom.protocol;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The errors the server can answer with: a stable {@link #code()} for programs and the
 * English text people read, written here once. {@code %s} in a template is what the user
 * sent (a name, a command) or a number.
 */
public enum Problem {
    INVALID_NAME("\"%s\" is not a valid name: use " + Names.RULES),
    INVALID_ROOM("\"%s\" is not a valid room name: use " + Names.RULES),
    NAME_TAKEN("The name %s is taken, try another"),
    NAME_FIRST("Choose a name first"),
    NO_SUCH_USER("No one called %s is online"),
    UNKNOWN_COMMAND("Unknown command /%s (type /help for the list)"),
    USAGE("Usage: %s"),
    ALREADY_IN("You are already in %s"),
    TOO_LONG("Line too long (over %s bytes), not sent"),
    LOGIN_TIMEOUT("No name given in %s s, closing"),
    SERVER_FULL("Server full (%s users), try again later"),
    /** {@code %s}: the limit ({@code --max-rooms}). */
    TOO_MANY_ROOMS("Too many rooms (%s), join one that exists"),
    /** {@code %s}: whole seconds until a new name is allowed. */
    NICK_TOO_FAST("Too many name changes, try again in %s s"),
    /** To the connection that has waited longest for a name, closed for a newer one; {@code %s}: the limit. */
    TOO_MANY_WAITING("Too many connections waiting for a name (%s), closing the oldest"),
    /** {@code %s}: the address (or IPv6 /64) as the server counts it. */
    TOO_MANY_CONNECTIONS("Too many connections from your address (%s), try again later"),
    CONNECTING_TOO_FAST("Connecting too fast, try again later"),
    /** UDP only, at most once a second while it lasts; {@code %s}: lines a second allowed. */
    LINES_DROPPED("Sending too fast: lines were dropped (UDP cannot wait; %s a second at most)"),
    /** {@code %s}: the command, {@code /kick}. */
    NOT_OPERATOR("Only operators can use %s"),
    /** The same for an unknown account and a wrong password. */
    OPER_FAILED("Wrong operator name or password"),
    /** {@code %s}: the name. */
    PASSWORD_WRONG("Wrong password for %s"),
    /** {@code %s}: whole seconds until the next attempt is allowed. */
    PASSWORD_TOO_FAST("Too many password attempts, try again in %s s"),
    PASSWORD_BUSY("The server is busy checking passwords, try again in a few seconds"),
    PASSWORD_PENDING("Still checking your last password"),
    /** {@code %s}: " (port 5443)" with the server's TLS port, empty without one. */
    PLAINTEXT_PASSWORD("Passwords are refused on an unencrypted connection: use TLS%s. If that was a real password, change it"),
    PASSWORD_RULE("A password is one word of " + Passwords.MIN_LENGTH + "-" + Passwords.MAX_LENGTH + " characters"),
    REGISTRATION_OFF("Names cannot be registered on this server"),
    /** {@code %s}: the name. */
    NOT_REGISTERED("The name %s is not registered"),
    ALREADY_REGISTERED("The name %s is registered already"),
    NAME_REGISTERED("The name %s is registered: /identify PASSWORD to use it"),
    NAME_RESERVED("The name %s is reserved, try another"),
    NAME_BANNED("The name %s is banned, try another"),
    /** A refused connection; {@code %s}: empty, or " until 2026-12-02 09:00 UTC". */
    BANNED("You are banned from this server%s"),
    /** {@code %s}: the name that waited for its password. */
    IDENTIFY_TIMEOUT("No password for %s in time, choose another name"),
    /** At most once every 30 s; {@code %s}: what is left, as {@link Durations#describe} says it ("for 8 min"). */
    MUTED("You are muted %s: not sent"),
    /** {@code %s}: what was typed. */
    INVALID_ADDRESS("\"%s\" is not an address or ADDRESS/PREFIX"),
    NOT_BANNED("There is no ban on %s"),
    /** {@code /unmute} of someone online who is not muted. */
    NOT_MUTED("There is no mute on %s"),
    /**
     * {@code %s}: the operator's name; not first, since a template that starts with {@code %s}
     * would match the text of every other problem ({@link #ofText}).
     */
    CANNOT_TARGET_OPERATOR("Operators cannot be kicked, banned or muted, and %s is one"),
    NO_SUCH_ROOM("There is no room called %s"),
    /** {@code %s}: the operator's own address. */
    BAN_SELF("That would ban you too (%s)"),
    BAN_TOO_WIDE("A ban must be at least /8 (IPv4) or /32 (IPv6)"),
    /** {@code %s}: the limit in characters. */
    TOPIC_TOO_LONG("Topic too long (over %s characters), not set"),
    /** {@code %s}: the limit ({@code --max-registrations}). */
    TOO_MANY_REGISTRATIONS("Too many registered names on this server (%s)"),
    /** A {@code /history} while this user's last one is still being read, or while too many wait for the disk. */
    HISTORY_BUSY("History is busy; try again in a moment");

    private final String template;
    private final Pattern pattern;

    Problem(String template) {
        this.template = template;
        StringBuilder regex = new StringBuilder();
        String[] parts = template.split("%s", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(Pattern.quote(parts[i]));
            if (i < parts.length - 1) {
                regex.append("(.*)");
            }
        }
        this.pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** The {@code code} of the JSON error event: {@code name_taken}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The error event, its text made from {@code detail} (ignored by templates without {@code %s}). */
    public Event.Error event(Instant ts, String detail) {
        return new Event.Error(ts, code(), template.contains("%s") ? template.replace("%s", detail) : template);
    }

    public Event.Error event(Instant ts) {
        return event(ts, "");
    }

    /**
     * A name or room name the rules refused is shown back, but not a whole 4 KiB line of it:
     * {@code MAX_LENGTH + 8} chars and "...", one fewer rather than half a surrogate pair.
     */
    public Event.Error refused(Instant ts, String name) {
        int max = Names.MAX_LENGTH + 8;
        if (name.length() <= max) {
            return event(ts, name);
        }
        int cut = Character.isHighSurrogate(name.charAt(max - 1)) ? max - 1 : max;
        return event(ts, name.substring(0, cut) + "...");
    }

    public Event.Error count(Instant ts, long n) {
        return event(ts, TextCodec.count(n));
    }

    /** The problem whose text {@code text} is, or null: how a text line is given its code back. */
    static Problem ofText(String text) {
        for (Problem problem : values()) {
            Matcher m = problem.pattern.matcher(text);
            if (m.matches()) {
                return problem;
            }
        }
        return null;
    }

    /** The problem with JSON code {@code code}, or null for one this version does not know. */
    public static Problem ofCode(String code) {
        for (Problem problem : values()) {
            if (problem.code().equals(code)) {
                return problem;
            }
        }
        return null;
    }
}
