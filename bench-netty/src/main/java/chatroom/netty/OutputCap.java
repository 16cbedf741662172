package chatroom.netty;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;

/**
 * Closes a connection whose pending output passed the cap: a reader that stopped reading must
 * not make the server hold every message for it forever. The cap is the channel's high water
 * mark ({@link #waterMark}); Netty counts a channel's pending bytes as it queues writes, and the
 * channel turns unwritable once they pass the mark. Netty adds its own bookkeeping per queued
 * buffer to the count (96 bytes by default), as a Netty server in production would have it.
 */
@Sharable
final class OutputCap extends ChannelInboundHandlerAdapter {

    private final int maxOutputBytes;

    OutputCap(int maxOutputBytes) {
        this.maxOutputBytes = maxOutputBytes;
    }

    /** The water mark that makes a channel unwritable past the cap; the low mark matters not, nobody waits for it. */
    WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(maxOutputBytes / 2, maxOutputBytes);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            System.err.printf("event=slow_consumer_kick remote=%s name=%s max_output_bytes=%d%n",
                    ctx.channel().remoteAddress(), ctx.channel().attr(Room.MEMBER).get(), maxOutputBytes);
            // Netty tells us from inside the write that crossed the mark, in the middle of a
            // broadcast: the close waits until the broadcast is done, as a task of the same loop.
            ctx.executor().execute(ctx::close);
        }
        ctx.fireChannelWritabilityChanged();
    }
}
