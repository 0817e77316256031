package dev.attnlab.harness.train.infini;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.config.Settings;
import java.util.Map;
import java.util.ServiceLoader;

/** The infini plugin found by id, as the harness finds it (it is a runtime dependency of the harness only). */
final class InfiniPlugin {

    private InfiniPlugin() {
    }

    static AttentionStrategy strategy() {
        return ServiceLoader.load(AttentionStrategy.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(s -> s.id().equals("infini"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the infini plugin is not on the test module path"));
    }

    static Settings settings(AttentionStrategy infini, int segment, String update, double betaInit) {
        return infini.configSchema().validate(Map.of("segment", (long) segment, "update", update,
                "beta_init", betaInit), "methods[0]");
    }
}
