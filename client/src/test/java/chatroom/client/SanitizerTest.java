package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.Format;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SanitizerTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "[12:00:00] <bob> héllo wörld ✓ 日本語 👋", "a\u200db"})
    void ordinaryTextIsReturnedAsItIs(String text) {
        assertThat(Sanitizer.clean(text)).isSameAs(text);
    }

    @Test
    void escapeSequencesBecomeVisibleHarmlessText() {
        assertThat(Sanitizer.clean("evil \u001b[2J\u001b]0;title\u0007 done"))
                .isEqualTo("evil ␛[2J␛]0;title␇ done");
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource({
        "0000, ␀", "0007, ␇", "0008, ␈", "000A, ␊", "000D, ␍", "001B, ␛", "001F, ␟",
        "007F, ␡",
        "0080, �", "009B, �", "009F, �",
        "202E, �", "202A, �", "2066, �", "2069, �", "200E, �", "200F, �", "061C, �",
        "2028, �", "2029, �", "200B, �", "FEFF, �"})
    void everyControlCharacterIsReplaced(String hex, String expected) {
        String control = String.valueOf((char) Integer.parseInt(hex, 16));
        assertThat(Sanitizer.clean("a" + control + "b")).isEqualTo("a" + expected + "b");
    }

    @Test
    void aTabBecomesASpace() {
        assertThat(Sanitizer.clean("a\tb")).isEqualTo("a b");
    }

    @Test
    void theResultNeverHoldsAControlCharacter() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        String clean = Sanitizer.clean(all.toString());
        assertThat(clean).hasSize(all.length());
        assertThat(clean.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069));
    }

    /** Every kind of event the protocol has, now and later. */
    static Stream<Class<?>> eventTypes() {
        return Arrays.stream(Event.class.getPermittedSubclasses());
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void everyStringInEveryKindOfEventIsCleaned(Class<?> type) throws ReflectiveOperationException {
        Event hostile = (Event) build(type, "\u001b[2J\u202e");
        Event cleaned = Sanitizer.clean(hostile);
        assertThat(cleaned).isInstanceOf(type);
        assertThat(cleaned.toString()).doesNotContain("\u001b", "\u202e");
        if (!cleaned.equals(hostile)) { // events without a string (Bye) have nothing to clean
            assertThat(cleaned.toString()).contains("␛[2J�");
        }
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void aCleanEventIsReturnedAsItIs(Class<?> type) throws ReflectiveOperationException {
        Event event = (Event) build(type, "hello");
        assertThat(Sanitizer.clean(event)).isSameAs(event);
    }

    /** A record of {@code type} with {@code text} in every string, and in every list, of it. */
    private static Object build(Class<?> type, String text) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i], text);
        }
        return type.getDeclaredConstructor(types).newInstance(values);
    }

    private static Object value(RecordComponent component, String text) throws ReflectiveOperationException {
        Class<?> type = component.getType();
        if (type == String.class) {
            return text;
        } else if (type == Instant.class) {
            return Instant.EPOCH;
        } else if (type == long.class) {
            return 1L;
        } else if (type == int.class) {
            return 1;
        } else if (type == boolean.class) {
            return true;
        } else if (type == Format.class) {
            return Format.JSON;
        } else if (type == List.class) {
            Class<?> element = (Class<?>) ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
            return List.of(element == String.class ? text : build(element, text));
        }
        throw new IllegalArgumentException("no test value for " + component);
    }
}
