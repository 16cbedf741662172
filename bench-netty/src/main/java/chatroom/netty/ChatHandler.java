package chatroom.netty;

import chatroom.protocol.Command;
import chatroom.protocol.CommandParser;
import chatroom.protocol.Event;
import chatroom.protocol.Names;
import chatroom.protocol.Problem;
import chatroom.protocol.Text;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One connection's side of chatroom's text protocol, as much of it as the load generator's
 * {@code chatroom} target uses and no more: this is a benchmark peer, not a product.
 *
 * <pre>
 *   connected ─(welcome, name question)─▶ AWAITING NAME ─(valid name: hello, entered)─▶ IN THE ROOM ─(/quit: bye; or EOF)─▶ closed
 * </pre>
 *
 * A line is handled as chatroom's chat handles it (sanitized, blank lines ignored, then the
 * protocol module's {@link CommandParser}), so both servers do the same work per message and a
 * comparison measures what is around it. In the room a message goes to everyone else; {@code
 * /quit} says goodbye and closes; any other command is answered as unknown here. Left out: a
 * name already in use is not refused, nobody hears of joins and leaves, there is no history,
 * no flood control and no login timeout.
 */
final class ChatHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private final Room room;
    private final EventEncoder encoder;
    private final int maxLineBytes;
    /** Null until the user has chosen one, and in the room from then on. */
    private String name;

    ChatHandler(Room room, EventEncoder encoder, int maxLineBytes) {
        this.room = room;
        this.encoder = encoder;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Instant now = Instant.now();
        send(ctx, new Event.Welcome(now));
        send(ctx, new Event.AskName(now));
        ctx.flush();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
        String text = Text.sanitize(line.toString(StandardCharsets.UTF_8));
        if (Text.showsNothing(text)) {
            return;
        }
        if (name == null) {
            chooseName(ctx, text);
            return;
        }
        Command command = CommandParser.parse(text);
        if (command instanceof Command.Say say) {
            room.say(ctx.channel(), name, say.text());
        } else if (command instanceof Command.Quit) {
            // Closed once the goodbye is written, not before: a close with output still queued would drop it.
            ctx.writeAndFlush(encoder.encode(ctx.alloc(), new Event.Bye(Instant.now())))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (!(command instanceof Command.Nothing)) {
            tell(ctx, Problem.UNKNOWN_COMMAND.refused(Instant.now(), commandWord(text)));
        }
    }

    private void chooseName(ChannelHandlerContext ctx, String text) {
        String chosen = text.strip();
        if (!Names.isValid(chosen)) {
            Instant now = Instant.now();
            send(ctx, Problem.INVALID_NAME.refused(now, chosen));
            tell(ctx, new Event.AskName(now));
            return;
        }
        name = chosen;
        send(ctx, new Event.Hello(Instant.now(), name));
        tell(ctx, room.enter(ctx.channel(), name));
    }

    /** {@code join} of {@code /join lobby}: what an unknown command is called back. */
    private static String commandWord(String text) {
        String command = text.strip().substring(1);
        int end = 0;
        while (end < command.length() && !Character.isWhitespace(command.charAt(end))) {
            end++;
        }
        return command.substring(0, end);
    }

    /**
     * A line over the limit was dropped whole by the frame decoder (it reports the line once it has
     * seen its end); the user is told, as chatroom tells them. Anything else, a reset connection
     * above all, ends the connection.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            tell(ctx, Problem.TOO_LONG.count(Instant.now(), maxLineBytes));
        } else {
            ctx.close();
        }
    }

    private void send(ChannelHandlerContext ctx, Event event) {
        ByteBuf lines = encoder.encode(ctx.alloc(), event);
        if (lines != null) {
            ctx.write(lines, ctx.voidPromise());
        }
    }

    /** {@link #send} and flush: an answer to this user alone, not worth waiting for the room's flush. */
    private void tell(ChannelHandlerContext ctx, Event event) {
        send(ctx, event);
        ctx.flush();
    }
}
