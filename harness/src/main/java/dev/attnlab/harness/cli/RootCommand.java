package dev.attnlab.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code attnlab}: the top of the command tree. The global options are read before picocli runs (see
 * {@link GlobalOptions}); they are declared here too so that help shows them and picocli accepts them
 * after a sub-command as well.
 */
@Command(name = "attnlab", mixinStandardHelpOptions = true, versionProvider = RootCommand.Version.class,
        description = "Test cheaper transformer attention side by side with full attention.",
        subcommands = {PluginsCommand.class, DescribeCommand.class, ValidateCommand.class, RunCommand.class,
                QuickstartCommand.class, ExportCommand.class, DistillCommand.class, TrainAutoCompressorCommand.class,
                TrainDefaultCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 run failure, 2 usage or configuration error."})
final class RootCommand implements Callable<Integer> {

    @Option(names = "--plugins", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Plugins directory (default: $ATTNLAB_PLUGINS, else ./plugins).")
    String plugins;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Print stack traces and more detail.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The harness module's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Module module = RootCommand.class.getModule();
            String version = module.getDescriptor() == null ? null
                    : module.getDescriptor().rawVersion().orElse(null);
            if (version == null) {
                version = RootCommand.class.getPackage().getImplementationVersion();
            }
            return new String[] {"attnlab " + (version == null ? "(development build)" : version)
                    + ", Java " + Runtime.version()};
        }
    }
}
