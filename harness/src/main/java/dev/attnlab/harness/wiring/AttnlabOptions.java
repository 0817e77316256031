package dev.attnlab.harness.wiring;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the harness is started with, before any experiment is read.
 *
 * @param workingDirectory   the directory relative paths on the command line resolve against
 * @param pluginsDir         the plugins directory to scan
 * @param pluginsDirRequired whether a missing {@code pluginsDir} is a problem (it was named explicitly)
 * @param reservedCommands   built-in command words that plugin commands may not take
 */
public record AttnlabOptions(Path workingDirectory, Path pluginsDir, boolean pluginsDirRequired,
                             Set<String> reservedCommands) {

    /** The environment variable naming the plugins directory when {@code --plugins} is not given. */
    public static final String PLUGINS_ENV = "ATTNLAB_PLUGINS";
    /** The plugins directory, relative to the working directory, when neither is given. */
    public static final String DEFAULT_PLUGINS_DIR = "plugins";

    public AttnlabOptions {
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        reservedCommands = Set.copyOf(reservedCommands);
    }

    /**
     * Options for a working directory: the plugins directory is {@code explicit} when given, else
     * {@code $ATTNLAB_PLUGINS}, else {@code plugins/}; only a directory the user named must exist.
     */
    public static AttnlabOptions resolve(Path workingDirectory, String explicit, Map<String, String> env,
                                         Set<String> reservedCommands) {
        Path cwd = workingDirectory.toAbsolutePath().normalize();
        String fromEnv = env.get(PLUGINS_ENV);
        String chosen = explicit != null ? explicit
                : fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_PLUGINS_DIR;
        boolean named = explicit != null || (fromEnv != null && !fromEnv.isBlank());
        return new AttnlabOptions(cwd, cwd.resolve(chosen).normalize(), named, reservedCommands);
    }
}
