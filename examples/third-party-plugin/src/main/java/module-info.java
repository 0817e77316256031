/**
 * An example third-party attnlab plugin: {@code uniform-causal} attention. Requires the attnlab API and
 * nothing else; registers its strategy both here (module path) and in META-INF/services (class path).
 */
module com.example.uniform {
    requires dev.attnlab.api;

    provides dev.attnlab.api.attention.AttentionStrategy with com.example.uniform.UniformCausalStrategy;
}
