package dev.attnlab.harness.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.harness.plugins.CommandEntry;
import dev.attnlab.harness.plugins.PluginRegistry;
import dev.attnlab.harness.report.ConsoleProgress;
import dev.attnlab.harness.wiring.AttnlabModule;
import dev.attnlab.harness.wiring.AttnlabOptions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * The {@code attnlab} command line, minus {@code System.exit}: reads the global options, wires the
 * harness with Guice, runs a plugin command if the arguments name one, else hands them to picocli.
 * Every error ends here as one message and an exit code ({@link ExitCodes}); stack traces only with
 * {@code --verbose}.
 */
public final class Cli {

    /** The built-in command words; plugin commands may not take them. */
    static final Set<String> BUILT_IN = Set.of("plugins", "describe", "validate", "run", "quickstart", "export", "help");

    private final PrintStream out;
    private final PrintStream err;
    private final Path workingDirectory;
    private final Map<String, String> environment;

    public Cli(PrintStream out, PrintStream err, Path workingDirectory, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.environment = Map.copyOf(environment);
    }

    /** Runs one command line and returns its exit code. */
    public int execute(String... args) {
        GlobalOptions global;
        try {
            global = GlobalOptions.scan(args, BUILT_IN);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Console console = new Console(out, err, workingDirectory, global.verbose());
        try {
            AttnlabOptions options = AttnlabOptions.resolve(workingDirectory, global.plugins(), environment, BUILT_IN);
            Injector injector = Guice.createInjector(new AttnlabModule(options), new CliModule(console));
            List<String> words = global.words();
            if (!words.isEmpty() && !BUILT_IN.contains(words.get(0))) {
                Optional<CommandEntry> command = injector.getInstance(PluginRegistry.class).command(words);
                if (command.isPresent()) {
                    return runPluginCommand(command.get(), words.subList(command.get().words().size(), words.size()), console);
                }
            }
            return commandLine(injector, console).execute(args);
        } catch (RuntimeException e) {
            return report(e, console);
        }
    }

    private CommandLine commandLine(Injector injector, Console console) {
        CommandLine cl = new CommandLine(RootCommand.class, new GuiceFactory(injector));
        cl.setOut(new PrintWriter(console.out(), true));
        cl.setErr(new PrintWriter(console.err(), true));
        cl.setExecutionExceptionHandler((e, command, parsed) -> report(e, console));
        cl.setUsageHelpWidth(100);
        PluginRegistry registry = injector.getInstance(PluginRegistry.class);
        if (!registry.commands().isEmpty()) {
            TextTable table = new TextTable("", "");
            registry.commands().forEach(c -> table.row(c.name(), c.description()));
            String body = table.render("  ");
            cl.getHelpSectionMap().put("pluginCommands",
                    help -> "Plugin commands:%n".formatted() + body.substring(body.indexOf(System.lineSeparator()) + 1));
            List<String> keys = new ArrayList<>(cl.getHelpSectionKeys());
            keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST) + 1, "pluginCommands");
            cl.setHelpSectionKeys(keys);
        }
        return cl;
    }

    private int runPluginCommand(CommandEntry entry, List<String> args, Console console) {
        if (args.contains("--help") || args.contains("-h")) {
            console.out().println("Usage: attnlab " + entry.command().usage());
            console.out().println(entry.description());
            return ExitCodes.OK;
        }
        try {
            return entry.command().run(new HarnessCommandContext(console), List.copyOf(args));
        } catch (RuntimeException e) {
            int code = report(e, console);
            if (code == ExitCodes.USAGE) {
                console.err().println("Usage: attnlab " + entry.command().usage());
            }
            return code;
        }
    }

    /** Prints one clear message for an error and returns its exit code. */
    static int report(Throwable e, Console console) {
        Throwable cause = unwrap(e);
        boolean usage = cause instanceof ConfigException || cause instanceof UsageException
                || cause instanceof CommandLine.ParameterException;
        String message = cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getName() : cause.getMessage();
        console.err().println("error: " + (usage ? message : message + " (" + cause.getClass().getSimpleName() + ")"));
        if (console.verbose()) {
            e.printStackTrace(console.err());
        } else if (!usage) {
            console.err().println("(run with --verbose for the stack trace)");
        }
        return usage ? ExitCodes.USAGE : ExitCodes.RUN_FAILURE;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ProvisionException || t instanceof CreationException || t instanceof ConfigurationException
                || t instanceof CommandLine.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ProvisionException p && !p.getErrorMessages().isEmpty()
                && p.getErrorMessages().iterator().next().getCause() != null) {
            t = p.getErrorMessages().iterator().next().getCause();
        }
        return t;
    }

    /** Progress on the console's error stream: a bar on a terminal, lines in a log, nothing in CI. */
    static Progress progress(Console console) {
        ConsoleProgress.Mode mode = ConsoleProgress.modeFor(false, System.getenv(), System.console() != null);
        return mode == ConsoleProgress.Mode.QUIET ? Progress.NONE
                : new ConsoleProgress(console.err(), mode, System::nanoTime);
    }

    /** A one-line warning when discovery met problems, so that a missing id has a visible cause. */
    static void warnAboutPluginProblems(PluginRegistry registry, Console console) {
        int n = registry.problems().size();
        if (n > 0) {
            console.err().println("warning: " + n + (n == 1 ? " plugin problem" : " plugin problems")
                    + "; run 'attnlab plugins' to see " + (n == 1 ? "it" : "them"));
        }
    }
}
