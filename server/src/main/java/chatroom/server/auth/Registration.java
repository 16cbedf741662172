package chatroom.server.auth;

import java.time.Instant;

/**
 * A registered name: only a connection that gives the password {@code hash} was made from may
 * use it. {@code name} as registered (compared by {@code Names.key}).
 */
public record Registration(String name, String hash, Instant registered) {

    @Override
    public String toString() {
        return "Registration[name=" + name + ", registered=" + registered + "]";
    }
}
