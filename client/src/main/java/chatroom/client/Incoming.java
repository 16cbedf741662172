package chatroom.client;

import chatroom.protocol.Event;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.TextCodec;

/**
 * A line from the server as the event it stands for, every string in it
 * {@linkplain Sanitizer#clean(Event) sanitised}. The client asks for JSON at once, but the
 * server has greeted the connection in text before that request arrives, so both forms come:
 * a line starting with <code>{</code> is JSON ({@link JsonCodec}), anything else a text line
 * ({@link TextCodec}). Only a server without JSON would send a message as a text line. Pure:
 * no state, no I/O.
 */
final class Incoming {

    private Incoming() {}

    /** Never throws: a line that is not what it claims to be is shown as it came, cleaned. */
    static Event decode(String line) {
        Event event;
        if (line.startsWith("{")) {
            try {
                event = JsonCodec.parse(line);
            } catch (IllegalArgumentException e) {
                event = new Event.Other(null, null, line);
            }
        } else {
            event = TextCodec.parse(line);
            if (event instanceof Event.Said || event instanceof Event.Action || event instanceof Event.Private) {
                // Its time is the server's clock face, not an instant this client could show
                // in the user's zone: shown as it came, rather than shifted wrongly.
                event = new Event.Other(null, null, line);
            }
        }
        return Sanitizer.clean(event);
    }
}
