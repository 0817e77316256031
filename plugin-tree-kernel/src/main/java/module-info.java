/**
 * attnlab plugin: attention that reaches the high-scoring keys by descending a tree over the keys,
 * with node masses estimated by alignment bounds or random kernel features ({@code tree-kernel}
 * strategy, a host op), and the {@code kernel-analysis} command that measures the variance of those
 * random-feature estimates.
 */
module dev.attnlab.treekernel {
    requires transitive dev.attnlab.api;

    exports dev.attnlab.treekernel;
    exports dev.attnlab.treekernel.tree;
    exports dev.attnlab.treekernel.kernel;

    provides dev.attnlab.api.attention.AttentionStrategy with dev.attnlab.treekernel.TreeKernelStrategy;
    provides dev.attnlab.api.plugin.PluginCommand with dev.attnlab.treekernel.KernelAnalysisCommand;
}
