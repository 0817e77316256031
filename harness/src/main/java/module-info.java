/**
 * The attnlab harness: the {@code attnlab} command line, TOML experiments, plugin discovery (module path
 * and a plugins directory), model import, the ONNX lowering of the tensor-op API and its execution on
 * ONNX Runtime, the built-in strategies and evaluators, and the reports.
 */
module dev.attnlab.harness {
    requires dev.attnlab.api;
    requires java.logging;
    requires java.desktop;
    requires java.management; // heap peaks for the scaling evaluator
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
    requires ai.djl.pytorch_engine;
    requires ai.djl.pytorch_jni;
    requires org.slf4j; // DJL logs through it; an explicit module is only resolved when required
    requires org.knowm.xchart;

    uses dev.attnlab.api.attention.AttentionStrategy;
    uses dev.attnlab.api.compress.Compressor;
    uses dev.attnlab.api.eval.Evaluator;
    uses dev.attnlab.api.plugin.PluginCommand;

    provides dev.attnlab.api.attention.AttentionStrategy with
            dev.attnlab.harness.model.FullAttentionStrategy;

    provides dev.attnlab.api.eval.Evaluator with
            dev.attnlab.harness.eval.PerplexityEvaluator,
            dev.attnlab.harness.eval.KlDivergenceEvaluator,
            dev.attnlab.harness.eval.AttentionFidelityEvaluator,
            dev.attnlab.harness.eval.RetrievalEvaluator,
            dev.attnlab.harness.eval.FactRecallEvaluator,
            dev.attnlab.harness.eval.ScalingEvaluator,
            dev.attnlab.harness.eval.GenerationEvaluator;

    exports dev.attnlab.harness.cli;

    opens dev.attnlab.harness.cli to info.picocli, com.google.guice;
    opens dev.attnlab.harness.wiring to com.google.guice;
}
