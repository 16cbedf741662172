package chatroom.server.net;

import chatroom.protocol.Format;
import chatroom.server.chat.Outbound;
import java.nio.ByteBuffer;

/** Lines both ways: {@link LineDecoder} for what comes in, text or JSON lines for what goes out. */
final class LineFraming implements Framing {

    private final LineDecoder decoder;
    private Wire wire;

    LineFraming(int maxLineBytes, Format format) {
        this.decoder = new LineDecoder(maxLineBytes);
        this.wire = Wire.lines(format);
    }

    @Override
    public Inbound next(ByteBuffer in) {
        return decoder.next(in);
    }

    @Override
    public Inbound finish() {
        return decoder.finish();
    }

    @Override
    public void releaseIfIdle() {
        decoder.releaseIfIdle();
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
