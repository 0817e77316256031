package dev.attnlab.truncation;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.plugin.CommandContext;
import dev.attnlab.api.plugin.PluginCommand;
import dev.attnlab.truncation.dictionary.AttentionDictionary;
import dev.attnlab.truncation.dictionary.DictionaryException;
import dev.attnlab.truncation.dictionary.DictionaryFile;
import dev.attnlab.truncation.dictionary.DictionaryHeader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * {@code attnlab truncation inspect-dictionary FILE [--top N]}: prints a dictionary's header and its
 * highest- and lowest-scoring tokens. Dictionaries are built by the experiment that uses them (the
 * compressor builds a missing one from the experiment's corpus), because only the harness can load
 * models; this command reads what was built.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class InspectDictionaryCommand implements PluginCommand {

    private static final int DEFAULT_TOP = 10;

    @Override
    public String name() {
        return "truncation inspect-dictionary";
    }

    @Override
    public String description() {
        return "show an attention-truncation dictionary: where it came from and its top and bottom tokens";
    }

    @Override
    public String usage() {
        return """
                usage: attnlab truncation inspect-dictionary FILE [--top N]
                  FILE     a dictionary written by the attention-truncation compressor
                  --top N  how many highest- and lowest-scoring tokens to list (default 10)
                Dictionaries are built when an experiment using attention-truncation (variant static or
                mix) runs without one; see docs/methods/truncation.md.""";
    }

    @Override
    public int run(CommandContext context, List<String> args) {
        String file = null;
        int top = DEFAULT_TOP;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--top") && i + 1 < args.size()) {
                try {
                    top = Integer.parseInt(args.get(++i));
                } catch (NumberFormatException e) {
                    top = -1;
                }
                if (top < 0) {
                    return badArguments(context, "--top needs a non-negative integer, got '" + args.get(i) + "'");
                }
            } else if (arg.startsWith("-") || file != null) {
                return badArguments(context, "unexpected argument '" + arg + "'");
            } else {
                file = arg;
            }
        }
        if (file == null) {
            return badArguments(context, "missing FILE");
        }
        Path path = context.workingDirectory().resolve(file);
        AttentionDictionary dictionary;
        try {
            dictionary = DictionaryFile.read(path);
        } catch (DictionaryException e) {
            context.err().println(e.getMessage());
            return 1;
        }
        print(dictionary, path, top, context.out());
        return 0;
    }

    private int badArguments(CommandContext context, String problem) {
        context.err().println(problem);
        context.err().println(usage());
        return 2;
    }

    private static void print(AttentionDictionary d, Path path, int top, PrintStream out) {
        DictionaryHeader h = d.header();
        out.println("attention dictionary " + path);
        out.println("  format version  " + h.formatVersion());
        out.println("  model           " + h.modelName() + " (contentHash " + h.modelHash() + ")");
        out.println("  vocabulary      " + h.vocabSize() + " ids, " + h.distinct() + " seen");
        out.println("  tokenizer       " + h.tokenizer());
        out.println("  corpus          " + h.corpus() + " (sha256 " + h.corpusSha256() + ")");
        out.println("  windows         " + h.windows() + " x " + h.window() + " tokens = " + h.tokens() + " positions");
        out.println("  global mean     " + format(h.globalMean()));
        List<Integer> byScore = IntStream.range(0, h.vocabSize()).filter(d::seen).boxed()
                .sorted(Comparator.comparingDouble((Integer id) -> -d.mean(id)).thenComparingInt(id -> id))
                .toList();
        int shown = Math.min(top, byScore.size());
        out.println("top " + shown + " tokens (id, mean score, count):");
        byScore.subList(0, shown).forEach(id -> out.println(row(d, id)));
        out.println("bottom " + shown + " tokens (id, mean score, count):");
        byScore.subList(byScore.size() - shown, byScore.size()).forEach(id -> out.println(row(d, id)));
    }

    private static String row(AttentionDictionary d, int id) {
        return String.format(Locale.ROOT, "  %8d  %s  %d", id, format(d.mean(id)), d.count(id));
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
