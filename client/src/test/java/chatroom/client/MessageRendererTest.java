package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageRendererTest {

    private static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;

    private final MessageRenderer colour = new MessageRenderer(true);
    private final MessageRenderer plain = new MessageRenderer(false);

    @ParameterizedTest
    @ValueSource(strings = {
        "[12:34:56] <bob> hello", "[12:34:56] * bob waves", "[12:34:56] *bob* psst", "[12:34:56] -> *bob* psst",
        "*** bob joined lobby", "!!! No one called carol is online", "something new", ""})
    void theTextIsExactlyTheLine(String line) {
        assertThat(colour.render(line, "alice").toString()).isEqualTo(line);
        assertThat(plain.render(line, "alice").toString()).isEqualTo(line);
    }

    @Test
    void othersNamesHaveTheirColour() {
        AttributedString line = colour.render("[12:34:56] <bob> hello", "alice");
        assertThat(styleOf(line, "bob")).isEqualTo(PLAIN.foreground(NameColors.of("bob")));
        assertThat(styleOf(line, "hello")).isEqualTo(PLAIN);
        assertThat(styleOf(line, "[12:34:56]")).isEqualTo(PLAIN.faint());
    }

    @Test
    void theUsersOwnNameIsBoldInItsColour() {
        AttributedString line = colour.render("[12:34:56] <Alice> hello", "alice");
        assertThat(styleOf(line, "Alice")).isEqualTo(PLAIN.foreground(NameColors.of("alice")).bold());
    }

    @Test
    void noticesAreFaintAndErrorsBoldRed() {
        assertThat(styleOf(colour.render("*** bob joined lobby", "alice"), "***")).isEqualTo(PLAIN.faint());
        assertThat(styleOf(colour.render("*** bob joined lobby", "alice"), "lobby")).isEqualTo(PLAIN.faint());
        AttributedString error = colour.render("!!! Choose a name first", null);
        assertThat(styleOf(error, "!!!")).isEqualTo(styleOf(error, "first"))
                .isEqualTo(PLAIN.bold().foreground(AttributedStyle.RED));
    }

    @Test
    void privateMessagesAreMagenta() {
        AttributedString from = colour.render("[12:34:56] *bob* psst", "alice");
        assertThat(styleOf(from, "*bob*")).isEqualTo(PLAIN.foreground(AttributedStyle.MAGENTA).bold());
        assertThat(styleOf(from, "psst")).isEqualTo(PLAIN.foreground(AttributedStyle.MAGENTA));
        AttributedString to = colour.render("[12:34:56] -> *bob* psst", "alice");
        assertThat(styleOf(to, "-> *bob*")).isEqualTo(PLAIN.foreground(AttributedStyle.MAGENTA).bold());
    }

    @Test
    void actionsAreItalicWithTheNameInItsColour() {
        AttributedString line = colour.render("[12:34:56] * bob waves", "alice");
        assertThat(styleOf(line, "* ")).isEqualTo(PLAIN.italic());
        assertThat(styleOf(line, "bob")).isEqualTo(PLAIN.foreground(NameColors.of("bob")));
        assertThat(styleOf(line, "waves")).isEqualTo(PLAIN.italic());
    }

    @Test
    void withoutColourNothingIsStyled() {
        for (String line : new String[] {"[12:34:56] <alice> hi", "!!! no", "[12:34:56] *bob* psst"}) {
            AttributedString rendered = plain.render(line, "alice");
            for (int i = 0; i < rendered.length(); i++) {
                assertThat(rendered.styleAt(i)).as("%s at %d", line, i).isEqualTo(PLAIN);
            }
        }
        assertThat(plain.note("offline").toAnsi()).isEqualTo("--- offline");
    }

    @Test
    void wireTextIsSanitisedBeforeItIsStyled() {
        AttributedString line = colour.render("[12:34:56] <bob> \u001b[2Jgotcha\u0007", "alice");
        assertThat(line.toString()).isEqualTo("[12:34:56] <bob> ␛[2Jgotcha␇");
        assertThat(line.toAnsi()).doesNotContain("\u001b[2J", "\u0007");
    }

    @Test
    void theClientsOwnNotesStandApart() {
        AttributedString note = colour.render("*** Bye!", null);
        assertThat(colour.note("Connection lost.").toString()).isEqualTo("--- Connection lost.");
        assertThat(styleOf(colour.note("Connection lost."), "lost")).isNotEqualTo(styleOf(note, "Bye"));
    }

    private static AttributedStyle styleOf(AttributedString line, String part) {
        int at = line.toString().indexOf(part);
        assertThat(at).as("'%s' in '%s'", part, line).isNotNegative();
        return line.styleAt(at);
    }
}
