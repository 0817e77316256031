package dev.attnlab.truncation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.api.compress.Compressor;
import dev.attnlab.api.plugin.PluginCommand;
import dev.attnlab.api.plugin.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The plugin must be found on a module path (provides) and on a class path (META-INF/services) alike. */
class ServiceRegistrationTest {

    private static List<String> servicesFile(Class<?> service) throws IOException {
        try (InputStream in = AttentionTruncation.class.getModule()
                .getResourceAsStream("META-INF/services/" + service.getName())) {
            assertThat(in).as("META-INF/services/%s", service.getName()).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    private static Set<String> provided(Class<?> service) {
        ModuleDescriptor descriptor = AttentionTruncation.class.getModule().getDescriptor();
        assertThat(descriptor).as("tests run on the module path").isNotNull();
        return descriptor.provides().stream().filter(p -> p.service().equals(service.getName()))
                .flatMap(p -> p.providers().stream()).collect(Collectors.toSet());
    }

    @Test
    void declaresTheCompressorInModuleInfoAndInMetaInfServices() throws IOException {
        assertThat(servicesFile(Compressor.class)).containsExactly(AttentionTruncation.class.getName());
        assertThat(provided(Compressor.class)).containsExactly(AttentionTruncation.class.getName());
    }

    @Test
    void declaresTheCommandInModuleInfoAndInMetaInfServices() throws IOException {
        assertThat(servicesFile(PluginCommand.class)).containsExactly(InspectDictionaryCommand.class.getName());
        assertThat(provided(PluginCommand.class)).containsExactly(InspectDictionaryCommand.class.getName());
    }

    @Test
    void compressorIdMatchesTheProviderPatternAndItsSchemaHasDefaultsForEveryOption() {
        AttentionTruncation provider = new AttentionTruncation();
        assertThat(provider.id()).isEqualTo("attention-truncation").matches(Provider.ID_PATTERN);
        assertThat(provider.configSchema().defaults().getString("variant")).isEqualTo("static");
        assertThat(new InspectDictionaryCommand().name()).isEqualTo("truncation inspect-dictionary");
    }
}
