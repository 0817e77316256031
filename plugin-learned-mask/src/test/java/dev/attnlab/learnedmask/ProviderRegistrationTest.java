package dev.attnlab.learnedmask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.plugin.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module declares its providers both ways (module-info and META-INF/services), with valid ids. */
class ProviderRegistrationTest {

    private static final List<String> PROVIDERS = List.of(SlidingWindowStrategy.class.getName(),
            WindowStrategy.class.getName(), LearnedMaskStrategy.class.getName());

    @Test
    void moduleInfoAndServiceFileListTheSameProviders() throws IOException {
        ModuleDescriptor descriptor = SlidingWindowStrategy.class.getModule().getDescriptor();
        assertThat(descriptor.provides()).filteredOn(p -> p.service().equals(AttentionStrategy.class.getName()))
                .singleElement().satisfies(p -> assertThat(p.providers()).containsExactlyElementsOf(PROVIDERS));
        try (InputStream in = SlidingWindowStrategy.class.getModule()
                .getResourceAsStream("META-INF/services/" + AttentionStrategy.class.getName())) {
            assertThat(in).as("service file").isNotNull();
            List<String> lines = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::trim).filter(l -> !l.isEmpty()).toList();
            assertThat(lines).containsExactlyElementsOf(PROVIDERS);
        }
    }

    @Test
    void providersHaveDistinctValidIdsAndDescribeTheirOptions() {
        List<AttentionStrategy> all = List.of(new SlidingWindowStrategy(), new WindowStrategy(), new LearnedMaskStrategy());
        assertThat(all).extracting(Provider::id).containsExactly("sliding-window", "window", "learned-mask")
                .allMatch(id -> id.matches(Provider.ID_PATTERN));
        for (AttentionStrategy s : all) {
            assertThat(s.configSchema().options()).isNotEmpty().allSatisfy(o -> assertThat(o.doc()).isNotBlank());
            assertThat(s.configSchema().defaults()).isNotNull();
            assertThat(s.getClass().getAnnotation(ApiStatus.class).status()).isEqualTo(ApiStatus.Status.EXPERIMENTAL);
        }
    }
}
