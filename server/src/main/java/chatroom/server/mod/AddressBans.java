package chatroom.server.mod;

import java.net.InetAddress;
import java.time.Instant;

/** What the network side asks of the bans: is this address kept out? Read on the loop thread only. */
public interface AddressBans {

    AddressBans NONE = (address, now) -> null;

    /** The ban that keeps {@code address} out at {@code now}, or null. */
    Ban addressBan(InetAddress address, Instant now);
}
