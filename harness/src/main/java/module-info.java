/**
 * The attnlab harness: the {@code attnlab} command line, TOML experiments, plugin discovery (module path
 * and a plugins directory), model import, the ONNX lowering of the tensor-op API and its execution on
 * ONNX Runtime, the built-in strategies and evaluators, and the reports.
 */
module dev.attnlab.harness {
    requires dev.attnlab.api;
    requires java.logging;
    requires java.desktop;
    requires java.sql; // toml4j's gson 2.8 reads java.sql types reflectively
    requires com.google.common;
    requires com.google.guice;
    requires jakarta.inject;
    requires toml4j;
    requires gson;
    requires info.picocli;
    requires com.microsoft.onnxruntime;
    requires org.tribuo.util.onnx;
    requires com.google.protobuf;
    requires ai.djl.api;
    requires ai.djl.tokenizers;
    requires org.knowm.xchart;

    uses dev.attnlab.api.attention.AttentionStrategy;
    uses dev.attnlab.api.compress.Compressor;
    uses dev.attnlab.api.eval.Evaluator;
    uses dev.attnlab.api.plugin.PluginCommand;

    provides dev.attnlab.api.attention.AttentionStrategy with
            dev.attnlab.harness.model.FullAttentionStrategy;

    exports dev.attnlab.harness.cli;

    opens dev.attnlab.harness.cli to info.picocli, com.google.guice;
}
