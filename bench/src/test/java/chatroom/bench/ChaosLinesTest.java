package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Command;
import chatroom.protocol.CommandParser;
import chatroom.protocol.Format;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the chaos users type is what the server's own parser takes it for. */
class ChaosLinesTest {

    @Test
    void commandsParseAsTheCommandsTheyAreMeantToBe() {
        assertThat(CommandParser.parse(ChaosLines.format(Format.JSON))).isEqualTo(new Command.SetFormat(Format.JSON));
        assertThat(CommandParser.parse(ChaosLines.join("room3"))).isEqualTo(new Command.Join("room3"));
        assertThat(CommandParser.parse(ChaosLines.resume("hop2", 1764603394298001L)))
                .isEqualTo(new Command.Resume("hop2", 1764603394298001L));
        assertThat(CommandParser.parse(ChaosLines.who(1))).isEqualTo(new Command.Who(1));
        assertThat(CommandParser.parse(ChaosLines.who(2))).isEqualTo(new Command.Who(2));
        assertThat(CommandParser.parse(ChaosLines.rooms(1))).isEqualTo(new Command.Rooms(1));
        assertThat(CommandParser.parse(ChaosLines.rooms(2))).isEqualTo(new Command.Rooms(2));
        assertThat(CommandParser.parse(ChaosLines.help())).isEqualTo(new Command.Help());
        assertThat(CommandParser.parse(ChaosLines.nick("ren4n2"))).isEqualTo(new Command.Nick("ren4n2"));
        assertThat(CommandParser.parse(ChaosLines.msg("t12", "hi there"))).isEqualTo(new Command.Msg("t12", "hi there"));
        assertThat(CommandParser.parse(ChaosLines.me("waves"))).isEqualTo(new Command.Me("waves"));
    }

    @Test
    void quitsAreQuitsWhateverTheReason() {
        Random random = new Random(3);
        for (int i = 0; i < 100; i++) {
            assertThat(CommandParser.parse(ChaosLines.quit(random))).isInstanceOf(Command.Quit.class);
        }
    }

    @Test
    void chatterIsAMessageAndTheFloodBlockIsWholeLines() {
        Random random = new Random(4);
        for (int i = 0; i < 200; i++) {
            assertThat(CommandParser.parse(ChaosLines.chatter(random))).isInstanceOf(Command.Say.class);
        }
        byte[] block = ChaosLines.floodBlock(random);
        assertThat(block.length).isGreaterThanOrEqualTo(2048);
        assertThat(block[block.length - 1]).isEqualTo((byte) '\n');
    }

    @Test
    void garbageNeverHoldsALineFeedAndIsOftenInvalidUtf8() {
        Random random = new Random(5);
        int invalid = 0;
        for (int i = 0; i < 500; i++) {
            byte[] line = ChaosLines.garbage(random);
            assertThat(line).isNotEmpty().doesNotContain((byte) '\n');
            invalid += isValidUtf8(line) ? 0 : 1;
        }
        assertThat(invalid).isGreaterThan(400);
    }

    @Test
    void longLinesAreMostlyOverTheLimitAndSometimesExactlyAtIt() {
        Random random = new Random(6);
        int over = 0;
        int atLimit = 0;
        for (int i = 0; i < 500; i++) {
            byte[] line = ChaosLines.longLine(random);
            assertThat(line).doesNotContain((byte) '\n');
            over += line.length > ChaosLines.MAX_LINE_BYTES && isValidUtf8(line) ? 1 : 0;
            atLimit += line.length == ChaosLines.MAX_LINE_BYTES ? 1 : 0;
        }
        assertThat(over).isGreaterThan(300);
        assertThat(atLimit).isPositive();
    }

    private static boolean isValidUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
