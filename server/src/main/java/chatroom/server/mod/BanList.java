package chatroom.server.mod;

import chatroom.protocol.Names;
import chatroom.server.limit.AddressKey;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bans in force: made and lifted by operators through the chat, read by the network side
 * at accept. Loop thread only.
 *
 * <p><b>Lookup.</b> An address is checked at every accept, so the common ban, one address as
 * {@link AddressKey} counts it (what {@code /ban NAME} of an online user makes), is found in a
 * hash map in O(1); wider or narrower blocks are in a hash map by {@link AddressBlock.Key}, and
 * an address is looked up once per prefix length in use (at most 33 + 129), never block by block:
 * an operator may hold thousands of blocks (a blocklist pasted into bans.tsv), and every accept
 * and every UDP datagram from a stranger is checked. Names are a hash map by {@link Names#key}.
 *
 * <p><b>Expiry.</b> A ban that has run out is skipped by every lookup, so no timer is needed;
 * it is dropped from the tables the next time a ban is added or the list is read
 * ({@link #active}), which is also when the chat saves it, so the file loses it too.
 *
 * <p><b>One ban per target.</b> A new ban on a name or a block that is banned already replaces
 * the older ban (a second {@code /ban bob 1h} changes the time, it does not add a line).
 */
public final class BanList implements AddressBans {

    /** Every ban by id: ids only grow, so this is oldest first. */
    private final Map<Long, Ban> byId = new LinkedHashMap<>();
    private final Map<String, Ban> byName = new HashMap<>();
    private final Map<AddressKey, Ban> byAddress = new HashMap<>();
    /** Blocks that are not one {@link AddressKey} unit, and how many there are of each prefix length. */
    private final Map<AddressBlock.Key, Ban> byBlock = new HashMap<>();
    private final int[] v4Prefixes = new int[33];
    private final int[] v6Prefixes = new int[129];
    private long nextId = 1;

    /** The bans loaded at start (expired ones are dropped when the list is next read). */
    public BanList(List<Ban> bans) {
        replace(bans);
    }

    @Override
    public Ban addressBan(InetAddress address, Instant now) {
        Ban exact = byAddress.get(AddressKey.of(address));
        if (exact != null && exact.activeAt(now)) {
            return exact;
        }
        byte[] bytes = AddressBlock.folded(address.getAddress());
        int[] prefixes = bytes.length == 4 ? v4Prefixes : v6Prefixes;
        for (int prefix = 0; prefix < prefixes.length; prefix++) {
            if (prefixes[prefix] > 0) {
                Ban ban = byBlock.get(AddressBlock.keyOf(bytes, prefix));
                if (ban != null && ban.activeAt(now)) {
                    return ban;
                }
            }
        }
        return null;
    }

    /** The ban that keeps the name with {@code Names.key} {@code nameKey} out at {@code now}, or null. */
    public Ban nameBan(String nameKey, Instant now) {
        Ban ban = byName.get(nameKey);
        return ban != null && ban.activeAt(now) ? ban : null;
    }

    /**
     * Adds a ban (its id is given here, so the {@code id} passed is ignored) and returns it. The
     * newest word on a name or a block wins: an older ban loses the name or block the new one
     * has, and keeps the rest (a ban of {@code bob (203.0.113.7)} followed by one of
     * {@code 203.0.113.7} alone still bans the name bob). Bans that have run out by the time this
     * one was {@link Ban#set} go. A block that is not one throws, changing nothing.
     */
    public Ban add(Ban ban) {
        requireBlock(ban);
        purge(ban.set());
        String nameKey = ban.name() == null ? null : Names.key(ban.name());
        for (Ban old : remove(nameKey, ban.block())) {
            boolean sameName = nameKey != null && old.name() != null && Names.key(old.name()).equals(nameKey);
            String name = sameName ? null : old.name();
            String block = ban.block() != null && ban.block().equals(old.block()) ? null : old.block();
            if (name != null || block != null) {
                index(new Ban(old.id(), name, block, old.by(), old.set(), old.until(), old.reason()));
            }
        }
        Ban numbered = new Ban(nextId++, ban.name(), ban.block(), ban.by(), ban.set(), ban.until(), ban.reason());
        index(numbered);
        return numbered;
    }

    /**
     * Lifts every ban on {@code nameKey} (null for none) or on exactly {@code block} (null for
     * none); returns what was lifted.
     */
    public List<Ban> remove(String nameKey, String block) {
        List<Ban> lifted = new ArrayList<>();
        for (Iterator<Ban> it = byId.values().iterator(); it.hasNext(); ) {
            Ban ban = it.next();
            boolean named = nameKey != null && ban.name() != null && Names.key(ban.name()).equals(nameKey);
            if (named || (block != null && block.equals(ban.block()))) {
                it.remove();
                unindex(ban);
                lifted.add(ban);
            }
        }
        return lifted;
    }

    /** The bans still in force at {@code now}, oldest first. */
    public List<Ban> active(Instant now) {
        purge(now);
        return List.copyOf(byId.values());
    }

    /**
     * Replaces every ban (a reload of bans.tsv). Ids already given are never given again. A ban
     * whose block is not one throws, and the list stays as it was.
     */
    public void replace(List<Ban> bans) {
        bans.forEach(BanList::requireBlock);
        byId.clear();
        byName.clear();
        byAddress.clear();
        byBlock.clear();
        Arrays.fill(v4Prefixes, 0);
        Arrays.fill(v6Prefixes, 0);
        bans.stream().sorted((a, b) -> Long.compare(a.id(), b.id())).forEach(this::index);
        for (Ban ban : bans) {
            nextId = Math.max(nextId, ban.id() + 1);
        }
    }

    private static void requireBlock(Ban ban) {
        if (ban.block() != null && AddressBlock.parse(ban.block()) == null) {
            throw new IllegalArgumentException("not an address block: " + ban.block());
        }
    }

    private void purge(Instant now) {
        for (Iterator<Ban> it = byId.values().iterator(); it.hasNext(); ) {
            Ban ban = it.next();
            if (!ban.activeAt(now)) {
                it.remove();
                unindex(ban);
            }
        }
    }

    private void index(Ban ban) {
        byId.put(ban.id(), ban);
        if (ban.name() != null) {
            byName.put(Names.key(ban.name()), ban);
        }
        if (ban.block() != null) {
            AddressBlock block = AddressBlock.parse(ban.block());
            AddressKey key = block.key();
            if (key != null) {
                byAddress.put(key, ban);
            } else {
                byBlock.put(block.blockKey(), ban);
                prefixes(block)[block.prefix()]++;
            }
        }
    }

    private void unindex(Ban ban) {
        if (ban.name() != null) {
            byName.remove(Names.key(ban.name()), ban);
        }
        if (ban.block() != null) {
            AddressBlock block = AddressBlock.parse(ban.block());
            AddressKey key = block.key();
            if (key != null) {
                byAddress.remove(key, ban);
            } else if (byBlock.remove(block.blockKey(), ban)) {
                prefixes(block)[block.prefix()]--;
            }
        }
    }

    private int[] prefixes(AddressBlock block) {
        return block.isV6() ? v6Prefixes : v4Prefixes;
    }
}
