package chatroom.protocol.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blocks of a PEM file (RFC 7468): each a label such as {@code CERTIFICATE} or
 * {@code PRIVATE KEY} and the base64 between its BEGIN and END lines. Text between blocks is
 * skipped, as OpenSSL skips it ({@code openssl x509 -text} writes a dump before the block).
 * Which labels are acceptable is the caller's business: the label is what lets it say "this is
 * a PKCS#1 key" or "these two files are swapped" rather than "cannot parse".
 */
public final class Pem {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([^-\\r\\n]*)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private Pem() {}

    /** One block; {@code body} is the text between the lines, still base64. */
    public record Block(String label, String body) {

        /**
         * The DER bytes. Decoded strictly after dropping line breaks: the MIME decoder would skip
         * any stray character, and a damaged file would then fail later as a puzzling ASN.1 error.
         *
         * @throws IllegalArgumentException if the body is not base64 (an encrypted legacy key's
         *     {@code Proc-Type:} headers are not, but those are refused by label first)
         */
        public byte[] der() {
            return Base64.getDecoder().decode(body.replaceAll("\\s", ""));
        }
    }

    /** Every block in {@code text}, in file order; empty if there is none. */
    public static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }
}
