package chatroom.netty;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * How the peer's one event loop talks to the kernel: Netty's native epoll transport (what a
 * Linux deployment picks), or the JDK's NIO selector (what chatroom itself uses), so the two
 * can be told apart from the rest of Netty.
 */
enum Transport {
    EPOLL {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            // Fails with the native library's own reason (wrong OS or architecture), not later with a bare ClassCastException.
            Epoll.ensureAvailability();
            return EpollIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }
    },
    NIO {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return NioServerSocketChannel.class;
        }
    };

    abstract IoHandlerFactory ioHandlerFactory();

    abstract Class<? extends ServerChannel> serverChannel();

    /** As the command line and the listening line say it: {@code epoll}, {@code nio}. */
    String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
