package chatroom.server.net;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Things kept for reuse: direct buffers ({@link BlockPool}) and queue rings ({@link OutputPools}),
 * whose making costs more than keeping them. As many are kept as were given back, up to a bound,
 * and {@link #trim()} lets go of those no one took since the trim before, so what a burst (or an
 * attack) needed is not held forever while what steady traffic uses stays. Loop thread only.
 */
final class Spares<T> {

    private final int max;
    private Object[] items = new Object[0];
    private int count;
    /** The fewest held since the last trim: that many were not needed. */
    private int lowWater;

    /** @param max the most kept at once */
    Spares(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("spares must not be negative: " + max);
        }
        this.max = max;
    }

    /** The one given back last (warmest in the cache), or null if none is kept. */
    @SuppressWarnings("unchecked")
    T take() {
        if (count == 0) {
            return null;
        }
        T item = (T) items[--count];
        items[count] = null;
        lowWater = Math.min(lowWater, count);
        return item;
    }

    /** Keeps {@code item} for a later {@link #take()}; false if the bound is reached and it was not kept. */
    boolean give(T item) {
        if (count == max) {
            return false;
        }
        if (count == items.length) {
            items = Arrays.copyOf(items, Math.min(max, Math.max(16, count * 2)));
        }
        items[count++] = item;
        return true;
    }

    /**
     * Lets go of the oldest spares, as many as were never taken since the last trim, handing
     * each to {@code dropped}; returns how many.
     */
    @SuppressWarnings("unchecked")
    int trim(Consumer<? super T> dropped) {
        int unused = lowWater;
        for (int i = 0; i < unused; i++) {
            dropped.accept((T) items[i]);
        }
        System.arraycopy(items, unused, items, 0, count - unused);
        Arrays.fill(items, count - unused, count, null);
        count -= unused;
        if (items.length > 16 && count < items.length / 4) {
            items = Arrays.copyOf(items, Math.max(16, count * 2));
        }
        lowWater = count;
        return unused;
    }

    int count() {
        return count;
    }
}
