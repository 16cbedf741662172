package chatroom.protocol.testing;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * What Unicode's own tables say about a character, to check a sanitiser against something
 * other than its own list of characters: a test that repeats the list under test can only
 * ever agree with it, and misses what the list forgot.
 */
public final class Unicode {

    private Unicode() {}

    /** General category Cc: the C0 controls, DEL and the C1 controls. */
    public static boolean isControl(int cp) {
        return Character.getType(cp) == Character.CONTROL;
    }

    /** General category Cf: drawn as nothing, but changes how the text around it is shown or joined. */
    public static boolean isFormat(int cp) {
        return Character.getType(cp) == Character.FORMAT;
    }

    /** General categories Zl and Zp (U+2028, U+2029), which some terminals take for a new line. */
    public static boolean isLineOrParagraphSeparator(int cp) {
        int type = Character.getType(cp);
        return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /**
     * Reorders the text after it: a bidirectional embedding, override or isolate, or the pop
     * that ends one. Found by bidi class, not by code point, so a character added to those
     * classes is found too.
     */
    public static boolean reordersText(int cp) {
        return switch (Character.getDirectionality(cp)) {
            case Character.DIRECTIONALITY_LEFT_TO_RIGHT_EMBEDDING, Character.DIRECTIONALITY_RIGHT_TO_LEFT_EMBEDDING,
                    Character.DIRECTIONALITY_LEFT_TO_RIGHT_OVERRIDE, Character.DIRECTIONALITY_RIGHT_TO_LEFT_OVERRIDE,
                    Character.DIRECTIONALITY_POP_DIRECTIONAL_FORMAT, Character.DIRECTIONALITY_LEFT_TO_RIGHT_ISOLATE,
                    Character.DIRECTIONALITY_RIGHT_TO_LEFT_ISOLATE, Character.DIRECTIONALITY_FIRST_STRONG_ISOLATE,
                    Character.DIRECTIONALITY_POP_DIRECTIONAL_ISOLATE -> true;
            default -> false;
        };
    }

    /** The code points of {@code s} that pass {@code test}, written U+XXXX, so a failure names them. */
    public static List<String> codePointsWhere(String s, IntPredicate test) {
        return s.codePoints().filter(test).mapToObj(cp -> String.format("U+%04X", cp)).toList();
    }
}
