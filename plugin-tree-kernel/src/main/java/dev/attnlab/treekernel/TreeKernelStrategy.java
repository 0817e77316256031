package dev.attnlab.treekernel;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.treekernel.tree.Estimator;
import dev.attnlab.treekernel.tree.Selection;
import dev.attnlab.treekernel.tree.TraversalOptions;
import dev.attnlab.treekernel.tree.Unreached;
import java.util.List;

/**
 * The {@code tree-kernel} attention strategy: each query descends a tree over the keys of its causal
 * prefix towards the keys with the most estimated probability mass and takes the softmax over the keys
 * it reached (see {@link dev.attnlab.treekernel.tree.TreeAttention}). Runs as a host op.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class TreeKernelStrategy implements AttentionStrategy {

    private static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigOption.choice("method", "alignment", Estimator.ids(),
                    "how node masses are estimated"),
            ConfigOption.real("exponent", 0.5, 0.05, 1.0,
                    "a query with n visible keys keeps ceil(n^exponent) frontier terms; 1 is exact attention"),
            ConfigOption.integer("features", 64, 1, 65_536, "random features R of FAVOR+ and FAVOR+ReLU"),
            ConfigOption.bool("orthogonal", true, "draw the random features in orthogonal blocks"),
            ConfigOption.real("relu-power", 1.0, 0.1, 8.0, "the power p of FAVOR+ReLU features relu(w.x)^p"),
            ConfigOption.real("decay", 0.99, 1e-6, 1.0, "time-decay: key j of n weighs decay^(n-1-j)"),
            ConfigOption.choice("selection", "greedy", List.of("greedy", "sample"),
                    "expand the node with the largest mass, or draw one in proportion to mass"),
            ConfigOption.choice("unreached", "estimate", List.of("ignore", "estimate"),
                    "keep each node never expanded as one term of estimated mass and mean value, or drop it"
                            + " (a query that reached no key then gets zeros)"),
            ConfigOption.integer("seed", 0, "seed of the random features and of sampled selection"),
            ConfigOption.bool("verbose", false,
                    "print the traversal of each head's last query of every run to standard output"));

    @Override
    public String id() {
        return "tree-kernel";
    }

    @Override
    public String description() {
        return "descends a tree over the keys to the high attention scores (kernel mass estimates, host op)";
    }

    @Override
    public ConfigSchema configSchema() {
        return SCHEMA;
    }

    @Override
    public LayerAttention create(AttentionContext context, Settings settings) {
        return new TreeKernelAttention(context, options(settings), settings.getBoolean("verbose") ? System.out : null);
    }

    /** The traversal options these settings describe. */
    public static TraversalOptions options(Settings settings) {
        try {
            return new TraversalOptions(Estimator.fromId(settings.getString("method")), settings.getDouble("exponent"),
                    settings.getInt("features"), settings.getBoolean("orthogonal"), settings.getDouble("relu-power"),
                    settings.getDouble("decay"), Selection.fromId(settings.getString("selection")),
                    Unreached.fromId(settings.getString("unreached")), settings.getLong("seed"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(settings.keyPath(), e.getMessage());
        }
    }
}
