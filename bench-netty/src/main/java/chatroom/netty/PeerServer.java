package chatroom.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

/**
 * The listening peer: one event-loop thread that accepts and serves every connection, as
 * chatroom's one selector thread does, so the two compare thread for thread. Each connection's
 * pipeline is the frame decoder (lines, at most chatroom's default 4,096 bytes), the output cap
 * and the chat.
 */
final class PeerServer implements AutoCloseable {

    /** chatroom's default {@code --max-line-bytes}: the longest line accepted, without its end. */
    static final int MAX_LINE_BYTES = 4096;

    private final EventLoopGroup loop;
    private final Channel listener;

    private PeerServer(EventLoopGroup loop, Channel listener) {
        this.loop = loop;
        this.listener = listener;
    }

    static PeerServer start(PeerConfig config) throws InterruptedException {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, config.transport().ioHandlerFactory());
        try {
            // A group of one: next() is always the same loop, a SingleThreadIoEventLoop.
            SingleThreadEventLoop thread = (SingleThreadEventLoop) loop.next();
            EventEncoder encoder = new EventEncoder(ZoneId.systemDefault());
            Room room = new Room(thread, encoder);
            OutputCap cap = new OutputCap(config.maxOutputBytes());
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(loop)
                    .channel(config.transport().serverChannel())
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, cap.waterMark())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline().addLast(
                                    new LineBasedFrameDecoder(MAX_LINE_BYTES),
                                    cap,
                                    new ChatHandler(room, encoder, MAX_LINE_BYTES));
                        }
                    });
            Channel listener = bootstrap.bind(config.host(), config.port()).sync().channel();
            return new PeerServer(loop, listener);
        } catch (InterruptedException | RuntimeException e) {
            loop.shutdownGracefully();
            throw e;
        }
    }

    /** Where it listens; the port is the one picked when asked for port 0. */
    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Returns once the peer has been closed. */
    void awaitClose() throws InterruptedException {
        listener.closeFuture().sync();
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        // No quiet period (Netty's default waits 2 s for late tasks): nothing outside the loop submits any.
        loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
