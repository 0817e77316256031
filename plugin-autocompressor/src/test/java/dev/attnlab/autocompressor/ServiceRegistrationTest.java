package dev.attnlab.autocompressor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.api.compress.Compressor;
import dev.attnlab.api.plugin.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The plugin must be found on a module path (provides) and on a class path (META-INF/services) alike. */
class ServiceRegistrationTest {

    @Test
    void declaresTheCompressorInModuleInfoAndInMetaInfServices() throws IOException {
        try (InputStream in = AutoCompressor.class.getModule()
                .getResourceAsStream("META-INF/services/" + Compressor.class.getName())) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo(AutoCompressor.class.getName());
        }
        ModuleDescriptor descriptor = AutoCompressor.class.getModule().getDescriptor();
        assertThat(descriptor).as("tests run on the module path").isNotNull();
        assertThat(descriptor.provides()).anySatisfy(p -> {
            assertThat(p.service()).isEqualTo(Compressor.class.getName());
            assertThat(p.providers()).containsExactly(AutoCompressor.class.getName());
        });
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name)
                .containsExactlyInAnyOrder("dev.attnlab.api", "java.base");
    }

    @Test
    void idMatchesTheProviderPatternAndEveryOptionHasADefault() {
        AutoCompressor provider = new AutoCompressor();
        assertThat(provider.id()).isEqualTo("autocompressor").matches(Provider.ID_PATTERN);
        assertThat(provider.configSchema().defaults().getLong("summary_vectors")).isEqualTo(20);
        assertThat(provider.configSchema().defaults().getBoolean("accumulate")).isTrue();
    }
}
