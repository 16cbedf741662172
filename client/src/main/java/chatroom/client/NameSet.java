package chatroom.client;

import chatroom.protocol.Names;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * User or room names from the server's events, kept as the server treats them: one entry
 * for names that differ only in case ({@link Names#key}), shown as last seen, sorted ignoring
 * case. A name the wire left out (null), or one the server's rules would refuse (a broken or
 * hostile server's event), is ignored, and the set stops growing at its bound.
 *
 * <p>Not thread-safe: its owner locks.
 */
final class NameSet {

    private final Map<String, String> byKey = new TreeMap<>();
    private final int max;

    /** @param max how many it keeps at most; more than that is a server gone wrong */
    NameSet(int max) {
        this.max = max;
    }

    void add(String name) {
        if (name != null && Names.isValid(name) && (byKey.size() < max || byKey.containsKey(Names.key(name)))) {
            byKey.put(Names.key(name), name);
        }
    }

    /** @return whether it was there */
    boolean remove(String name) {
        return name != null && byKey.remove(Names.key(name)) != null;
    }

    void replace(Collection<String> names) {
        byKey.clear();
        names.forEach(this::add);
    }

    void clear() {
        byKey.clear();
    }

    int size() {
        return byKey.size();
    }

    List<String> list() {
        return new ArrayList<>(byKey.values());
    }
}
