package chatroom.server.auth;

import java.nio.CharBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes as stored in {@code --oper-file} and {@code names.tsv}: PBKDF2-HMAC-SHA256
 * (in every JDK, a few hundred bytes of memory per hash), written in the PHC string style
 * passlib uses, {@code $pbkdf2-sha256$i=600000$SALT$HASH} (base64 without padding). The
 * iteration count travels in the string, so raising {@link #ITERATIONS} later leaves old hashes
 * readable, and tests can store cheap {@code i=1000} hashes.
 *
 * <p>Slow on purpose (about 0.2 s at 600,000 iterations on one warm core): call it on a helper
 * thread ({@link Hasher}), never on the loop. Thread-safe. No message of an exception thrown
 * here contains the password or the stored hash.
 */
public final class PasswordHash {

    /** OWASP's figure for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet, 2023). */
    public static final int ITERATIONS = 600_000;
    /**
     * The most iterations a stored string may ask for: a hand-edited {@code i=} of two billion
     * would hold a hash thread for an hour at every login.
     */
    public static final int MAX_ITERATIONS = 10_000_000;
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    private static final String ALGORITHM = "pbkdf2-sha256";
    private static final String PREFIX = "$" + ALGORITHM + "$i=";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private PasswordHash() {}

    /** A new stored form of {@code password} at {@link #ITERATIONS}, with a fresh salt. */
    public static String hash(char[] password) {
        return hash(password, ITERATIONS);
    }

    /** A new stored form of {@code password} with a fresh salt; {@code iterations} 1 to {@link #MAX_ITERATIONS}. */
    public static String hash(char[] password, int iterations) {
        checkIterations(iterations);
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return PREFIX + iterations + "$" + ENCODER.encodeToString(salt) + "$"
                + ENCODER.encodeToString(derive(password, salt, iterations, HASH_BYTES * 8));
    }

    /**
     * Whether {@code password} is the one {@code stored} was made from. The comparison takes the
     * same time wherever the first differing byte is.
     *
     * @throws IllegalArgumentException if {@code stored} is not a hash this class makes
     */
    public static boolean verify(String stored, char[] password) {
        Parsed parsed = parse(stored);
        byte[] derived = derive(password, parsed.salt, parsed.iterations, parsed.hash.length * 8);
        // The stored hash first: MessageDigest.isEqual's time depends only on its first argument's length.
        return MessageDigest.isEqual(parsed.hash, derived);
    }

    /**
     * Checks that {@code stored} is a hash this class can verify, for the files that hold them.
     *
     * @throws IllegalArgumentException saying what is wrong, without repeating the hash
     */
    public static void check(String stored) {
        parse(stored);
    }

    /**
     * A valid hash of a random password nobody knows, made once: verified against when an
     * account or name does not exist, so that a wrong name takes as long as a wrong password.
     */
    public static String dummy() {
        return Dummy.HASH;
    }

    /** Holds the dummy hash, so it costs its 600,000 iterations only when first needed. */
    private static final class Dummy {
        static final String HASH = hash(randomPassword());

        private static char[] randomPassword() {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            return ENCODER.encodeToString(bytes).toCharArray();
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {}

    private static Parsed parse(String stored) {
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 5 || !parts[0].isEmpty() || !parts[1].equals(ALGORITHM) || !parts[2].startsWith("i=")) {
            throw new IllegalArgumentException("not a password hash of the form $" + ALGORITHM + "$i=N$SALT$HASH");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[2].substring(2));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count of a password hash is not a number");
        }
        checkIterations(iterations);
        byte[] salt = base64(parts[3], "salt");
        byte[] hash = base64(parts[4], "hash");
        if (salt.length < 8 || hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("a password hash needs a salt of 8 bytes or more and a hash of "
                    + HASH_BYTES + " bytes");
        }
        return new Parsed(iterations, salt, hash);
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " of a password hash is not base64");
        }
    }

    private static void checkIterations(int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("the iteration count of a password hash must be 1.." + MAX_ITERATIONS);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
        char[] normal = normalized(password);
        PBEKeySpec spec = new PBEKeySpec(normal, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // Every Java SE implementation must have it (the SecretKeyFactory javadoc's list).
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
            if (normal != password) {
                Arrays.fill(normal, '\0');
            }
        }
    }

    /**
     * {@code password} in Unicode NFC, so the same typed password hashes the same whether the
     * terminal sent "é" as one code point or as "e" and a combining accent. ASCII is NFC
     * already, and is passed through without a copy.
     */
    private static char[] normalized(char[] password) {
        CharBuffer chars = CharBuffer.wrap(password);
        if (Normalizer.isNormalized(chars, Normalizer.Form.NFC)) {
            return password;
        }
        // The String cannot be wiped; it lives only until the next young collection.
        return Normalizer.normalize(chars, Normalizer.Form.NFC).toCharArray();
    }
}
