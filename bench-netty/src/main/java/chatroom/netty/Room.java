package chatroom.netty;

import chatroom.protocol.Event;
import chatroom.protocol.TextCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatchers;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one room every named connection is in, and its broadcast. A message is encoded once into
 * one buffer; the {@link ChannelGroup} gives every other member a retained duplicate of it (its
 * own indexes, the same memory) and closed channels leave the group by themselves.
 *
 * <p>Writes are not flushed where they happen. A flush is a system call per channel, and in one
 * pass of the event loop several senders' reads each broadcast to everyone: flushing per message,
 * or per sender in {@code channelReadComplete}, would cost each member a {@code write(2)} per
 * sender. Instead the first broadcast of a pass queues one task that runs after the pass
 * ({@link SingleThreadEventLoop#executeAfterEventLoopIteration}, Netty's hook for exactly this),
 * and it flushes every member once, all of that pass's messages in one gathering write. This is
 * chatroom's own flush-before-select, and Redis's {@code beforeSleep}. {@code
 * FlushConsolidationHandler} would get close, but with a task and a flush call per channel per
 * message rather than one task per pass.
 */
final class Room {

    /** The room's name; a benchmark never leaves it. */
    static final String NAME = "lobby";
    /** A member's name, for the entry line's list and the slow-consumer log. */
    static final AttributeKey<String> MEMBER = AttributeKey.valueOf("chatroom.name");

    private final SingleThreadEventLoop loop;
    private final EventEncoder encoder;
    private final ChannelGroup members;
    private final Runnable flush = this::flush;
    private boolean flushQueued;

    Room(SingleThreadEventLoop loop, EventEncoder encoder) {
        this.loop = loop;
        this.encoder = encoder;
        this.members = new DefaultChannelGroup(NAME, loop);
    }

    /** Puts {@code channel} in the room as {@code name}; what it is told: where it is and who else is there. */
    Event.Entered enter(Channel channel, String name) {
        channel.attr(MEMBER).set(name);
        members.add(channel);
        List<String> names = new ArrayList<>(TextCodec.NAMES_ON_ENTRY);
        for (Channel member : members) {
            if (names.size() == TextCodec.NAMES_ON_ENTRY) {
                break;
            }
            names.add(member.attr(MEMBER).get());
        }
        return new Event.Entered(Instant.now(), NAME, members.size(), names);
    }

    /** {@code text} from {@code from} to every other member; flushed after this pass of the loop. */
    void say(Channel from, String name, String text) {
        ByteBuf line = encoder.encode(from.alloc(), new Event.Said(Instant.now(), 0, NAME, name, text, false));
        // The void promise spares a future per member, and the group releases our reference when done.
        members.write(line, ChannelMatchers.isNot(from), true);
        if (!flushQueued) {
            flushQueued = true;
            loop.executeAfterEventLoopIteration(flush);
        }
    }

    private void flush() {
        flushQueued = false;
        members.flush();
    }
}
