package chatroom.server.chat;

import chatroom.protocol.TextCodec;

/**
 * Page {@code number} of {@code pages}: the items from {@code from} to {@code to} (exclusive)
 * of a list, {@link TextCodec#PAGE_SIZE} a page. A page past the last is the last.
 */
record Page(int number, int pages, int from, int to) {

    static Page of(int total, int asked) {
        int pages = total == 0 ? 1 : (total - 1) / TextCodec.PAGE_SIZE + 1;
        int number = Math.min(Math.max(asked, 1), pages);
        int from = (number - 1) * TextCodec.PAGE_SIZE;
        return new Page(number, pages, from, Math.min(total, from + TextCodec.PAGE_SIZE));
    }
}
