package chatroom.server.net;

import chatroom.protocol.Format;
import chatroom.server.chat.Outbound;
import java.nio.ByteBuffer;

/**
 * Lines both ways: the {@link LineDecoder} it is for what comes in (telnet-style lines), text
 * or JSON lines for what goes out. A subclass rather than a wrapper, and a flag rather than a
 * {@link Wire} reference, so that an idle connection pays for one 32-byte object here, not two
 * (the flag fits in the decoder's padding; a reference would not).
 */
final class LineFraming extends LineDecoder implements Framing {

    private boolean json;

    LineFraming(int maxLineBytes, Format format) {
        super(maxLineBytes);
        format(format);
    }

    @Override
    public ByteBuffer encode(Outbound event, EventEncoder encoder) {
        return encoder.bytes(event, wire());
    }

    @Override
    public Format format(Format format) {
        json = Wire.lines(format) == Wire.JSON_LINES;
        return format;
    }

    private Wire wire() {
        return json ? Wire.JSON_LINES : Wire.TEXT_LINES;
    }
}
