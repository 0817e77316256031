package dev.attnlab.harness.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The global options, read before anything else because the plugins directory must be known before
 * plugin commands can be recognised. Options before the first word always count; after a built-in
 * command's name they count too; after any other word they belong to that (plugin) command.
 *
 * @param plugins the {@code --plugins} value, or null
 * @param verbose whether {@code -v}/{@code --verbose} was given
 * @param words   the arguments from the first non-option word on (the leading global options removed)
 */
record GlobalOptions(String plugins, boolean verbose, List<String> words) {

    static GlobalOptions scan(String[] args, Set<String> builtIn) {
        String plugins = null;
        boolean verbose = false;
        List<String> words = new ArrayList<>();
        boolean leading = true;
        boolean scanning = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (scanning && a.equals("--")) {
                scanning = false;
            } else if (scanning && a.equals("--plugins")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--plugins needs a directory: --plugins DIR");
                }
                plugins = args[++i];
                if (!leading) {
                    words.add(a);
                    words.add(plugins);
                }
                continue;
            } else if (scanning && a.startsWith("--plugins=")) {
                plugins = a.substring("--plugins=".length());
            } else if (scanning && (a.equals("-v") || a.equals("--verbose"))) {
                verbose = true;
            } else if (leading && !a.startsWith("-")) {
                leading = false;
                scanning = builtIn.contains(a);
            }
            if (!leading) {
                words.add(a);
            }
        }
        return new GlobalOptions(plugins, verbose, words);
    }
}
