package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.testing.Awkward;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProblemTest {

    private static final Instant TS = Instant.parse("2026-03-14T09:26:53.589Z");

    @ParameterizedTest
    @EnumSource(Problem.class)
    void codeIsTheNameInLowerSnakeCaseAndFindsTheProblemBack(Problem problem) {
        assertThat(problem.code()).matches("[a-z]+(_[a-z]+)*");
        assertThat(problem.code().toUpperCase(Locale.ROOT)).isEqualTo(problem.name());
        assertThat(Problem.ofCode(problem.code())).isSameAs(problem);
    }

    @Test
    void aCodeThisVersionDoesNotKnowIsNoProblem() {
        assertThat(Problem.ofCode("rate_limited")).isNull();
        assertThat(Problem.ofCode("NAME_TAKEN")).isNull();
        assertThat(Problem.ofCode("")).isNull();
    }

    @ParameterizedTest
    @EnumSource(Problem.class)
    void theEventCarriesTheCodeAndTheTime(Problem problem) {
        Event.Error error = problem.event(TS, "x");

        assertThat(error.code()).isEqualTo(problem.code());
        assertThat(error.ts()).isEqualTo(TS);
    }

    /** How a text line gets its code back: the text of each problem, whatever was filled in, is only that problem's. */
    @ParameterizedTest
    @EnumSource(Problem.class)
    void theTextOfAnyProblemIsKnownAsThatProblem(Problem problem) {
        Awkward.forAll(41 + problem.ordinal(), random -> Awkward.string(random, true),
                detail -> assertThat(Problem.ofText(problem.event(TS, detail).text())).isSameAs(problem));
    }

    @Test
    void aTextNoProblemHasIsNone() {
        assertThat(Problem.ofText("Slow down")).isNull();
        assertThat(Problem.ofText("")).isNull();
    }

    @Test
    void theTextsUsersKnow() {
        assertThat(Problem.INVALID_NAME.event(TS, "a b").text())
                .isEqualTo("\"a b\" is not a valid name: use 1-24 letters, digits, _ or -");
        assertThat(Problem.INVALID_ROOM.event(TS, "r r").text())
                .isEqualTo("\"r r\" is not a valid room name: use 1-24 letters, digits, _ or -");
        assertThat(Problem.NAME_TAKEN.event(TS, "bob").text()).isEqualTo("The name bob is taken, try another");
        assertThat(Problem.NO_SUCH_USER.event(TS, "carol").text()).isEqualTo("No one called carol is online");
        assertThat(Problem.UNKNOWN_COMMAND.event(TS, "foo").text()).isEqualTo("Unknown command /foo (type /help for the list)");
        assertThat(Problem.USAGE.event(TS, CommandSpec.JOIN.usage()).text()).isEqualTo("Usage: /join ROOM");
        assertThat(Problem.ALREADY_IN.event(TS, "lobby").text()).isEqualTo("You are already in lobby");
        assertThat(Problem.NAME_FIRST.event(TS).text()).isEqualTo("Choose a name first");
        assertThat(Problem.LOGIN_TIMEOUT.count(TS, 60).text()).isEqualTo("No name given in 60 s, closing");
    }

    @Test
    void aTemplateWithoutAPlaceIgnoresTheDetail() {
        assertThat(Problem.NAME_FIRST.event(TS, "ignored").text()).isEqualTo(Problem.NAME_FIRST.event(TS).text());
    }

    @Test
    void aDetailIsPutInAsItIsEvenWithDollarsAndBackslashes() {
        assertThat(Problem.NAME_TAKEN.event(TS, "$1 \\ %s").text()).isEqualTo("The name $1 \\ %s is taken, try another");
    }

    @Test
    void countsHaveCommasWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Problem.TOO_LONG.count(TS, 1_048_576).text()).isEqualTo("Line too long (over 1,048,576 bytes), not sent");
            assertThat(Problem.SERVER_FULL.count(TS, 10_000).text()).isEqualTo("Server full (10,000 users), try again later");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void refusedShowsANameUpToTheLimitPlus8AsItIs() {
        String name = "n".repeat(Names.MAX_LENGTH + 8);

        assertThat(Problem.INVALID_NAME.refused(TS, name)).isEqualTo(Problem.INVALID_NAME.event(TS, name));
    }

    @Test
    void refusedCutsALongerNameToTheLimitPlus8AndDots() {
        String shown = "n".repeat(Names.MAX_LENGTH + 8);

        assertThat(Problem.INVALID_NAME.refused(TS, shown + "x")).isEqualTo(Problem.INVALID_NAME.event(TS, shown + "..."));
        assertThat(Problem.INVALID_ROOM.refused(TS, shown + "x".repeat(4096)))
                .isEqualTo(Problem.INVALID_ROOM.event(TS, shown + "..."));
    }

    @Test
    void refusedDoesNotCutASurrogatePairInHalf() {
        String emoji = "\uD83D\uDE00";
        String name = "n".repeat(Names.MAX_LENGTH + 7) + emoji + "tail"; // the emoji straddles the cut

        assertThat(Problem.INVALID_NAME.refused(TS, name))
                .isEqualTo(Problem.INVALID_NAME.event(TS, "n".repeat(Names.MAX_LENGTH + 7) + "..."));
        assertThat(Problem.INVALID_NAME.refused(TS, "n".repeat(Names.MAX_LENGTH + 6) + emoji + "tail"))
                .isEqualTo(Problem.INVALID_NAME.event(TS, "n".repeat(Names.MAX_LENGTH + 6) + emoji + "..."));
    }
}
