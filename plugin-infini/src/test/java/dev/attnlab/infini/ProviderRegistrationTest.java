package dev.attnlab.infini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.plugin.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The module declares its provider both ways (module-info and META-INF/services), with a valid id. */
class ProviderRegistrationTest {

    @Test
    void moduleInfoAndServiceFileNameTheProvider() throws IOException {
        var descriptor = InfiniStrategy.class.getModule().getDescriptor();
        assertThat(descriptor.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo(AttentionStrategy.class.getName());
            assertThat(p.providers()).containsExactly(InfiniStrategy.class.getName());
        });
        try (InputStream in = InfiniStrategy.class.getModule()
                .getResourceAsStream("META-INF/services/" + AttentionStrategy.class.getName())) {
            assertThat(in).as("service file").isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
                    .isEqualTo(InfiniStrategy.class.getName());
        }
    }

    @Test
    void providerHasAValidIdDocumentedOptionsAndExperimentalStatus() {
        InfiniStrategy s = new InfiniStrategy();
        assertThat(s.id()).isEqualTo("infini").matches(Provider.ID_PATTERN);
        assertThat(s.configSchema().options()).allSatisfy(o -> assertThat(o.doc()).isNotBlank());
        assertThat(InfiniStrategy.class.getAnnotation(ApiStatus.class).status()).isEqualTo(ApiStatus.Status.EXPERIMENTAL);
    }
}
