package chatroom.server.net;

import chatroom.protocol.Format;
import chatroom.server.chat.Outbound;
import java.nio.ByteBuffer;

/**
 * Lines both ways: the {@link LineDecoder} it is for what comes in (telnet-style lines), text
 * or JSON lines for what goes out. A subclass rather than a wrapper so that an idle connection
 * pays for one object here, not two.
 */
final class LineFraming extends LineDecoder implements Framing {

    private Wire wire;

    LineFraming(int maxLineBytes, Format format) {
        super(maxLineBytes);
        this.wire = Wire.lines(format);
    }

    @Override
    public ByteBuffer encode(Outbound event, EventEncoder encoder) {
        return encoder.bytes(event, wire);
    }

    @Override
    public void format(Format format) {
        wire = Wire.lines(format);
    }

    @Override
    public Wire wire() {
        return wire;
    }
}
