package chatroom.bench.history;

import chatroom.server.history.HistorySettings.FsyncPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Issue 14's measurement: the server's history log beside SQLite, for appends per second under
 * each fsync policy and for the start with a million records. Run through {@code bench/history.sh}
 * on the bench module's test classpath (it needs the server and sqlite-jdbc, neither of which
 * belongs in the load generator's jar), one repetition per JVM, so each start is a cold one.
 */
@Command(name = "history", mixinStandardHelpOptions = true, subcommands = {HistoryBench.Run.class,
    HistoryBench.Table.class}, description = "The history log against SQLite: appends/s, start time, memory.")
public final class HistoryBench implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new HistoryBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "say run or table");
    }

    /** The storage measured. */
    enum Format { LOG, SQLITE }

    /** How the rooms' messages arrive: see {@code --order}. */
    enum Order {
        INTERLEAVED, BY_ROOM;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = {
        "One repetition: append --records messages over --rooms rooms with one format and fsync policy, close, "
                + "then open again and read every room's newest --limit, timed; appends a line to --out."})
    static final class Run implements Callable<Integer> {
        @Option(names = "--format", required = true, description = "log (HistoryStore) or sqlite.")
        Format format;

        @Option(names = "--fsync", required = true, description = "always, everysec or no.")
        FsyncPolicy fsync;

        @Option(names = "--records", description = "Messages appended (default: ${DEFAULT-VALUE}).")
        int records = 1_000_000;

        @Option(names = "--rooms", description = "Rooms, the lobby first (default: ${DEFAULT-VALUE}).")
        int rooms = 1_000;

        @Option(names = "--limit", description = "Newest messages read per room (default: ${DEFAULT-VALUE}).")
        int limit = 20;

        @Option(names = "--dir", required = true, description = "Parent of the run's own directory, deleted after.")
        Path dir;

        @Option(names = "--out", required = true,
                description = "Results file: a line of tab-separated values is added.")
        Path out;

        @Option(names = "--order", description = "interleaved: the rooms talk at once, at random (measures "
                + "appends); by-room: the same messages one room after the other (makes a log fast, for --keep) "
                + "(default: ${DEFAULT-VALUE}).")
        Order order = Order.INTERLEAVED;

        @Option(names = "--keep", description = "Keep the run's directory (DIR/FORMAT-POLICY) for --reuse.")
        boolean keep;

        @Option(names = "--reuse", description = "Append nothing: start from the log a --keep run left in "
                + "DIR/FORMAT-POLICY, and keep it. The append columns are then empty (NaN).")
        boolean reuse;

        @Option(names = "--seed", description = "The workload's seed (default: ${DEFAULT-VALUE}).")
        long seed = 14;

        @Override
        public Integer call() throws Exception {
            String name = format.name().toLowerCase(Locale.ROOT) + "-" + LogRun.name(fsync);
            Path runDir = dir.resolve(keep || reuse ? name : name + "-" + ProcessHandle.current().pid());
            if (reuse && !Files.isDirectory(runDir)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--reuse: no " + runDir);
            }
            if (!reuse) {
                Machine.delete(runDir);
            }
            // The server has its logging running long before it opens the history: so should the timed start.
            LoggerFactory.getLogger(HistoryBench.class).debug("event=history_bench_start dir={}", runDir);
            Workload workload = new Workload(records, rooms, seed);
            boolean byRoom = order == Order.BY_ROOM;
            try {
                RunResult result = format == Format.LOG ? LogRun.run(runDir, fsync, workload, limit, byRoom, reuse)
                        : SqliteRun.run(runDir, fsync, workload, limit, byRoom, reuse);
                append(out, result);
                System.out.println(RunResult.HEADER);
                System.out.println(result.toTsv());
                return 0;
            } finally {
                if (!keep && !reuse) {
                    Machine.delete(runDir);
                }
            }
        }

        private static void append(Path out, RunResult result) throws java.io.IOException {
            List<String> lines = new ArrayList<>();
            if (!Files.exists(out) || Files.size(out) == 0) {
                lines.add(RunResult.HEADER);
            }
            lines.add(result.toTsv());
            Files.write(out, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    @Command(name = "table", mixinStandardHelpOptions = true,
            description = "The results files as markdown: median (min–max) per format and policy.")
    static final class Table implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files that run wrote.")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            List<RunResult> results = new ArrayList<>();
            for (Path file : files) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.equals(RunResult.HEADER)) {
                        results.add(RunResult.fromTsv(line));
                    }
                }
            }
            System.out.print(ResultTable.markdown(results));
            return 0;
        }
    }
}
