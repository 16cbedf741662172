package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.testing.Awkward;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

    private static Command parse(String line) {
        return CommandParser.parse(line);
    }

    // --- plain lines ---

    @Test
    void aLineWithoutSlashIsAMessage() {
        assertThat(parse("hello world")).isEqualTo(new Command.Say("hello world"));
    }

    @Test
    void aMessageKeepsInnerAndLeadingSpaceButLosesTrailingSpace() {
        assertThat(parse("  two  spaces \t ")).isEqualTo(new Command.Say("  two  spaces"));
    }

    @Test
    void aMessageWithASlashLaterIsStillAMessage() {
        assertThat(parse("and/or /who")).isEqualTo(new Command.Say("and/or /who"));
    }

    @Test
    void doubleSlashSendsALineStartingWithSlash() {
        assertThat(parse("//who is there")).isEqualTo(new Command.Say("/who is there"));
        assertThat(parse("//")).isEqualTo(new Command.Say("/"));
        assertThat(parse("///")).isEqualTo(new Command.Say("//"));
        assertThat(parse("//shrug  ")).isEqualTo(new Command.Say("/shrug"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t", " \t \t"})
    void blankLinesAreNothing(String line) {
        assertThat(parse(line)).isEqualTo(new Command.Nothing());
    }

    // --- commands and aliases ---

    @ParameterizedTest
    @ValueSource(strings = {"/help", "/?", "/HELP", "/Help", "/help  ", "/help me please"})
    void help(String line) {
        assertThat(parse(line)).isEqualTo(new Command.Help());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/who", "/names", "/WHO", "/Names", "/who\t"})
    void who(String line) {
        assertThat(parse(line)).isEqualTo(new Command.Who());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/rooms", "/list", "/ROOMS", "/List", "/rooms   "})
    void rooms(String line) {
        assertThat(parse(line)).isEqualTo(new Command.Rooms());
    }

    @Test
    void whoAndRoomsTakeAPage() {
        assertThat(parse("/who 2")).isEqualTo(new Command.Who(2));
        assertThat(parse("/names  98 ")).isEqualTo(new Command.Who(98));
        assertThat(parse("/rooms 10")).isEqualTo(new Command.Rooms(10));
        assertThat(parse("/list 1")).isEqualTo(new Command.Rooms(1));
        assertThat(parse("/who 007")).isEqualTo(new Command.Who(7));
        assertThat(parse("/rooms 999999999")).isEqualTo(new Command.Rooms(999_999_999));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "+2", "x", "2 3", "1.5", "1,000", "1234567890", "\u0662", "\uFF12"})
    void aPageIsAWholeNumberFrom1WithAtMost9Digits(String page) {
        assertThat(parse("/who " + page)).isEqualTo(new Command.Usage(CommandSpec.WHO));
        assertThat(parse("/rooms " + page)).isEqualTo(new Command.Usage(CommandSpec.ROOMS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/quit", "/exit", "/QUIT", "/Exit", "/quit   ", "/quit\t"})
    void quitWithoutReason(String line) {
        assertThat(parse(line)).isEqualTo(new Command.Quit(""));
    }

    @Test
    void quitWithReason() {
        assertThat(parse("/quit gotta go")).isEqualTo(new Command.Quit("gotta go"));
        assertThat(parse("/exit   see  you  ")).isEqualTo(new Command.Quit("see  you"));
        assertThat(parse("/quit\tbye")).isEqualTo(new Command.Quit("bye"));
    }

    @Test
    void me() {
        assertThat(parse("/me waves")).isEqualTo(new Command.Me("waves"));
        assertThat(parse("/ME   waves  hello  ")).isEqualTo(new Command.Me("waves  hello"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/me", "/me ", "/me   \t"})
    void meWithoutActionIsAUsageError(String line) {
        assertThat(parse(line)).isEqualTo(new Command.Usage(CommandSpec.ME));
    }

    @Test
    void msg() {
        assertThat(parse("/msg bob hi there")).isEqualTo(new Command.Msg("bob", "hi there"));
        assertThat(parse("/MSG  bob   hi  there  ")).isEqualTo(new Command.Msg("bob", "hi  there"));
        assertThat(parse("/msg\tbob\thi")).isEqualTo(new Command.Msg("bob", "hi"));
    }

    @Test
    void msgKeepsTheRecipientAsTyped() {
        // Whether the name exists or is even valid is the chat's business, not the parser's.
        assertThat(parse("/msg BoB x")).isEqualTo(new Command.Msg("BoB", "x"));
        assertThat(parse("/msg no.such x")).isEqualTo(new Command.Msg("no.such", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/msg", "/msg ", "/msg bob", "/msg bob ", "/msg bob   \t"})
    void msgWithoutTextIsAUsageError(String line) {
        assertThat(parse(line)).isEqualTo(new Command.Usage(CommandSpec.MSG));
    }

    @Test
    void nick() {
        assertThat(parse("/nick alice2")).isEqualTo(new Command.Nick("alice2"));
        assertThat(parse("/NICK   Alice  ")).isEqualTo(new Command.Nick("Alice"));
    }

    @Test
    void nickDoesNotCheckTheNameRules() {
        assertThat(parse("/nick bad.name")).isEqualTo(new Command.Nick("bad.name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nick", "/nick ", "/nick two words", "/nick a\tb"})
    void nickNeedsExactlyOneWord(String line) {
        assertThat(parse(line)).isEqualTo(new Command.Usage(CommandSpec.NICK));
    }

    @Test
    void join() {
        assertThat(parse("/join dev")).isEqualTo(new Command.Join("dev"));
        assertThat(parse("/JOIN  Dev  ")).isEqualTo(new Command.Join("Dev"));
    }

    @Test
    void joinStripsOneLeadingHashAsOnIrc() {
        assertThat(parse("/join #dev")).isEqualTo(new Command.Join("dev"));
        assertThat(parse("/join ##dev")).isEqualTo(new Command.Join("#dev"));
        assertThat(parse("/join #")).isEqualTo(new Command.Join("#"));
        assertThat(parse("/join dev#")).isEqualTo(new Command.Join("dev#"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/join", "/join ", "/join   ", "/join dev ops", "/join #dev now"})
    void joinNeedsExactlyOneWord(String line) {
        assertThat(parse(line)).isEqualTo(new Command.Usage(CommandSpec.JOIN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/format json", "/format JSON", "/FORMAT Json", "/format  json  ", "/format\tjson"})
    void formatJson(String line) {
        assertThat(parse(line)).isEqualTo(new Command.SetFormat(Format.JSON));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/format text", "/format TEXT", "/Format Text"})
    void formatText(String line) {
        assertThat(parse(line)).isEqualTo(new Command.SetFormat(Format.TEXT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/format", "/format ", "/format xml", "/format text json", "/format js", "/format jsonx"})
    void formatNeedsOneKnownFormat(String line) {
        assertThat(parse(line)).isEqualTo(new Command.Usage(CommandSpec.FORMAT));
    }

    @Test
    void resume() {
        assertThat(parse("/resume dev 42")).isEqualTo(new Command.Resume("dev", 42));
        assertThat(parse("/RESUME  Dev   0  ")).isEqualTo(new Command.Resume("Dev", 0));
        assertThat(parse("/resume\tdev\t7")).isEqualTo(new Command.Resume("dev", 7));
        assertThat(parse("/resume dev 007")).isEqualTo(new Command.Resume("dev", 7));
    }

    @Test
    void resumeStripsOneLeadingHashLikeJoin() {
        assertThat(parse("/resume #dev 42")).isEqualTo(new Command.Resume("dev", 42));
        assertThat(parse("/resume ##dev 42")).isEqualTo(new Command.Resume("#dev", 42));
    }

    @Test
    void resumeTakesIdsOfUpTo18Digits() {
        assertThat(parse("/resume dev 999999999999999999")).isEqualTo(new Command.Resume("dev", 999_999_999_999_999_999L));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/resume", "/resume ", "/resume dev", "/resume dev ", "/resume dev x", "/resume dev -1", "/resume dev +1",
        "/resume dev 1.5", "/resume dev 1e3", "/resume dev 0x10", "/resume dev 42 43", "/resume dev 1_000",
        "/resume dev 1234567890123456789", "/resume dev 9223372036854775807", "/resume dev 99999999999999999999",
        "/resume dev \u0664\u0662", // Arabic-Indic 42: Long.parseLong would take it, the protocol does not
        "/resume dev \uFF14\uFF12" // full-width 42
    })
    void resumeNeedsARoomAndAWholeNumberId(String line) {
        assertThat(parse(line)).isEqualTo(new Command.Usage(CommandSpec.RESUME));
    }

    @Test
    void historyAsksForTheLastMessagesHere() {
        assertThat(parse("/history")).isEqualTo(new Command.History(null, 0, Command.History.DEFAULT_COUNT));
        assertThat(parse("/history")).isEqualTo(new Command.History());
        assertThat(parse(" /HISTORY  ")).isEqualTo(new Command.History());
        assertThat(parse("/history 50")).isEqualTo(new Command.History(null, 0, 50));
        assertThat(parse("/history 1")).isEqualTo(new Command.History(null, 0, 1));
        assertThat(parse("/history 007")).isEqualTo(new Command.History(null, 0, 7));
        assertThat(parse("/history " + Command.History.MAX_COUNT))
                .isEqualTo(new Command.History(null, 0, Command.History.MAX_COUNT));
    }

    @Test
    void historyPagesBackInARoomBeforeAnId() {
        assertThat(parse("/history dev 1234")).isEqualTo(new Command.History("dev", 1234, Command.History.DEFAULT_COUNT));
        assertThat(parse("/history dev 1234 50")).isEqualTo(new Command.History("dev", 1234, 50));
        assertThat(parse("/history\tDev\t1234\t50  ")).isEqualTo(new Command.History("Dev", 1234, 50));
        assertThat(parse("/history dev 999999999999999999 1"))
                .isEqualTo(new Command.History("dev", 999_999_999_999_999_999L, 1));
        assertThat(parse("/history 10 20")).isEqualTo(new Command.History("10", 20, Command.History.DEFAULT_COUNT));
    }

    @Test
    void historyStripsOneLeadingHashLikeJoin() {
        assertThat(parse("/history #dev 42")).isEqualTo(new Command.History("dev", 42, Command.History.DEFAULT_COUNT));
        assertThat(parse("/history ##dev 42 5")).isEqualTo(new Command.History("#dev", 42, 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/history 0", "/history 201", "/history -1", "/history +5", "/history x", "/history dev", "/history 1.5",
        "/history 99999999999999999999", "/history \u0664\u0662",
        "/history dev 0", "/history dev -1", "/history dev x", "/history dev 1e3", "/history dev 1234567890123456789",
        "/history dev \uFF14\uFF12",
        "/history dev 42 0", "/history dev 42 201", "/history dev 42 x", "/history dev 42 -3", "/history dev 42 1000000",
        "/history dev 42 50 more", "/history dev 42 50 60", "/history a b c d e"
    })
    void historyOutsideItsGrammarIsItsUsage(String line) {
        assertThat(parse(line)).isEqualTo(new Command.Usage(CommandSpec.HISTORY));
    }

    @Test
    void pingTakesNothing() {
        assertThat(parse("/ping")).isEqualTo(new Command.Ping());
        assertThat(parse(" /PING  ")).isEqualTo(new Command.Ping());
        assertThat(parse("/ping now")).isEqualTo(new Command.Usage(CommandSpec.PING));
    }

    @Test
    void everyAliasIsTheSameCommandAsItsName() {
        for (CommandSpec spec : CommandSpec.values()) {
            for (String alias : spec.aliases()) {
                for (String args : new String[] {"", " dev", " bob hi there", " dev 42", " json"}) {
                    assertThat(parse("/" + alias + args)).as("/%s%s", alias, args).isEqualTo(parse(spec.word() + args));
                }
            }
        }
    }

    @Test
    void everyCommandUsedWithoutArgumentsIsItselfOrItsUsage() {
        for (CommandSpec spec : CommandSpec.values()) {
            Command command = parse(spec.word());
            assertThat(command).as(spec.word()).isNotInstanceOf(Command.Unknown.class);
            if (command instanceof Command.Usage usage) {
                assertThat(usage.spec()).isEqualTo(spec);
                assertThat(spec.args().replaceAll("\\[[^]]*]", "")).as("%s needs arguments", spec).isNotBlank();
            }
        }
    }

    // --- unknown ---

    @Test
    void unknownCommandsAreReportedByName() {
        assertThat(parse("/foo")).isEqualTo(new Command.Unknown("foo"));
        assertThat(parse("/foo bar baz")).isEqualTo(new Command.Unknown("foo"));
        assertThat(parse("/op bob")).isEqualTo(new Command.Unknown("op"));
    }

    @Test
    void unknownCommandNamesAreLowerCased() {
        assertThat(parse("/FOO")).isEqualTo(new Command.Unknown("foo"));
    }

    @Test
    void commandNamesMustMatchExactlyNotByPrefix() {
        assertThat(parse("/whoami")).isEqualTo(new Command.Unknown("whoami"));
        assertThat(parse("/wh")).isEqualTo(new Command.Unknown("wh"));
        assertThat(parse("/quitting")).isEqualTo(new Command.Unknown("quitting"));
        assertThat(parse("/joindev")).isEqualTo(new Command.Unknown("joindev"));
    }

    @Test
    void aLoneSlashIsAnUnknownEmptyCommand() {
        assertThat(parse("/")).isEqualTo(new Command.Unknown(""));
        assertThat(parse("/ hello")).isEqualTo(new Command.Unknown(""));
    }

    @Test
    void aSpaceBeforeTheSlashIsStillACommand() {
        // A stray space must not broadcast "/msg bob secret" to the whole room.
        assertThat(parse(" /quit")).isEqualTo(new Command.Quit(""));
        assertThat(parse("  /msg bob secret")).isEqualTo(new Command.Msg("bob", "secret"));
        assertThat(parse(" //x")).isEqualTo(new Command.Say("/x"));
        assertThat(parse("  indented text")).isEqualTo(new Command.Say("  indented text"));
    }

    @Test
    void commandNamesFoldCaseIndependentlyOfTheDefaultLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
            assertThat(parse("/QUIT")).isEqualTo(new Command.Quit(""));
            assertThat(parse("/JOIN x")).isEqualTo(new Command.Join("x"));
            assertThat(parse("/LIST")).isEqualTo(new Command.Rooms());
            assertThat(parse("/EXIT")).isEqualTo(new Command.Quit(""));
            assertThat(parse("/FORMAT TEXT")).isEqualTo(new Command.SetFormat(Format.TEXT));
            assertThat(parse("/RESUME dev 1")).isEqualTo(new Command.Resume("dev", 1));
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    // --- any line ---

    @Test
    void anyLineAtAllParsesToSomeCommandWithoutThrowing() {
        Awkward.forAll(31, random -> Awkward.string(random, true), line -> assertThat(parse(line)).isNotNull());
    }

    @Test
    void anyLineStartingWithASlashCommandParsesWithoutThrowing() {
        CommandSpec[] specs = CommandSpec.values();
        Awkward.forAll(32, random -> specs[random.nextInt(specs.length)].word() + Awkward.string(random, true),
                line -> assertThat(parse(line)).isNotNull());
    }

    // --- registered names and operators ---

    @Nested
    class Operators {

        private final Duration tenMinutes = Duration.ofMinutes(10);

        @Test
        void banByNameWithAndWithoutDurationAndReason() {
            assertThat(parse("/ban bob 10m spam")).isEqualTo(new Command.Ban("bob", null, tenMinutes, "spam"));
            assertThat(parse("/ban bob spam and more")).isEqualTo(new Command.Ban("bob", null, null, "spam and more"));
            assertThat(parse("/ban bob")).isEqualTo(new Command.Ban("bob", null, null, ""));
            assertThat(parse("/ban")).isEqualTo(new Command.Usage(CommandSpec.BAN));
        }

        @Test
        void aDurationOutOfRangeIsAUsageErrorNotAPermanentBanWithItAsTheReason() {
            assertThat(parse("/ban bob 0s")).isEqualTo(new Command.Usage(CommandSpec.BAN));
            assertThat(parse("/ban bob 400d spam")).isEqualTo(new Command.Usage(CommandSpec.BAN));
            assertThat(parse("/ban 203.0.113.7 99999999999w")).isEqualTo(new Command.Usage(CommandSpec.BAN));
            assertThat(parse("/ban bob 365d")).isEqualTo(new Command.Ban("bob", null, Duration.ofDays(365), ""));
            assertThat(parse("/ban bob 2nd time")).isEqualTo(new Command.Ban("bob", null, null, "2nd time"));
        }

        @Test
        void aTargetOfDigitsIsANameSinceOnlyADotOrColonMakesAnAddress() {
            assertThat(parse("/ban 10 10m")).isEqualTo(new Command.Ban("10", null, tenMinutes, ""));
        }

        @Test
        void anAddressTargetIsItsCanonicalBlock() {
            assertThat(parse("/ban 203.0.113.7/24 2h")).isEqualTo(new Command.Ban(null, "203.0.113.0/24", Duration.ofHours(2), ""));
            assertThat(parse("/ban 2001:DB8:0:0::1")).isEqualTo(new Command.Ban(null, "2001:db8::/64", null, ""));
            assertThat(parse("/unban 203.0.113.7")).isEqualTo(new Command.Unban(null, "203.0.113.7"));
            assertThat(parse("/unban bob")).isEqualTo(new Command.Unban("bob", null));
        }

        @Test
        void anAddressThatIsNoneIsKeptAsTypedForTheServerToRefuse() {
            assertThat(parse("/ban 10.0.0.0/33")).isEqualTo(new Command.Ban(null, "10.0.0.0/33", null, ""));
            assertThat(parse("/unban example.com")).isEqualTo(new Command.Unban(null, "example.com"));
        }

        @Test
        void identifyTakesAPasswordOrANameAndAPassword() {
            assertThat(parse("/identify hunter2hunter2")).isEqualTo(new Command.Identify(null, "hunter2hunter2"));
            assertThat(parse("/identify alice hunter2hunter2")).isEqualTo(new Command.Identify("alice", "hunter2hunter2"));
            assertThat(parse("/identify alice my pass word")).isEqualTo(new Command.Usage(CommandSpec.IDENTIFY));
        }

        @Test
        void passwordCommands() {
            assertThat(parse("/passwd old-password new-password"))
                    .isEqualTo(new Command.Passwd("old-password", "new-password"));
            assertThat(parse("/passwd only-one")).isEqualTo(new Command.Usage(CommandSpec.PASSWD));
            assertThat(parse("/register hunter2hunter2")).isEqualTo(new Command.Register("hunter2hunter2"));
            assertThat(parse("/unregister hunter2hunter2")).isEqualTo(new Command.Unregister("hunter2hunter2"));
            assertThat(parse("/oper root s3cret-pw")).isEqualTo(new Command.Oper("root", "s3cret-pw"));
            assertThat(parse("/oper root")).isEqualTo(new Command.Usage(CommandSpec.OPER));
        }

        @Test
        void muteTakesOnlyADurationAfterTheName() {
            assertThat(parse("/mute bob 5m")).isEqualTo(new Command.Mute("bob", Duration.ofMinutes(5)));
            assertThat(parse("/mute bob")).isEqualTo(new Command.Mute("bob", null));
            assertThat(parse("/mute bob junk")).isEqualTo(new Command.Usage(CommandSpec.MUTE));
            assertThat(parse("/unmute bob")).isEqualTo(new Command.Unmute("bob"));
        }

        @Test
        void topicShowsSetsOrWithADashClears() {
            assertThat(parse("/topic lobby")).isEqualTo(new Command.Topic("lobby", null));
            assertThat(parse("/topic #lobby Be nice")).isEqualTo(new Command.Topic("lobby", "Be nice"));
            assertThat(parse("/topic lobby -")).isEqualTo(new Command.Topic("lobby", ""));
        }

        @Test
        void theRest() {
            assertThat(parse("/kick bob flooding the room")).isEqualTo(new Command.Kick("bob", "flooding the room"));
            assertThat(parse("/kick bob")).isEqualTo(new Command.Kick("bob", ""));
            assertThat(parse("/bans 2")).isEqualTo(new Command.Bans(2));
            assertThat(parse("/bans")).isEqualTo(new Command.Bans(1));
            assertThat(parse("/wall restart at noon")).isEqualTo(new Command.Wall("restart at noon"));
            assertThat(parse("/deoper")).isEqualTo(new Command.Deoper());
        }

        @Test
        void aSecretCommandNeverShowsItsPassword() {
            for (String line : new String[] {"/register Pw-canary-1", "/identify alice Pw-canary-1",
                "/unregister Pw-canary-1", "/passwd Pw-canary-1 Pw-canary-1", "/oper root Pw-canary-1"}) {
                Command command = parse(line);
                assertThat(command).as(line).isInstanceOf(Command.Secret.class);
                assertThat(command.toString()).as(line).doesNotContain("Pw-canary-1").contains("<hidden>");
            }
        }
    }
}
