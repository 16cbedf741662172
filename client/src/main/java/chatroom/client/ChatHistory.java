package chatroom.client;

import chatroom.protocol.Command;
import chatroom.protocol.CommandParser;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * JLine's history, kept as a chat user wants it: a pasted block is stored as its lines, so Up
 * walks back through them one by one and one big paste does not become a single entry of a
 * megabyte; and a line that is nobody's history (the name typed at login, the answer to a
 * question, a password) is not stored at all, nor is a command that carries a password
 * ({@link Command.Secret}): the history file is plain text.
 */
final class ChatHistory extends DefaultHistory {

    private final BooleanSupplier skip;

    /** @param skip asked as each line is accepted: true when it must not be kept */
    ChatHistory(BooleanSupplier skip) {
        this.skip = skip;
    }

    @Override
    public void add(Instant time, String line) {
        if (skip.getAsBoolean()) {
            return;
        }
        for (String one : line.split(ChatSession.LINE_END)) {
            if (!one.isBlank() && !(CommandParser.parse(one) instanceof Command.Secret)) {
                super.add(time, one);
            }
        }
    }
}
