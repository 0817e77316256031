package dev.attnlab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class GlobalOptionsTest {

    private static final Set<String> BUILT_IN = Set.of("plugins", "validate");

    @Test
    void readsLeadingGlobalOptionsAndDropsThemFromTheWords() {
        GlobalOptions g = GlobalOptions.scan(new String[] {"--plugins", "p", "-v", "demo", "chart", "x"}, BUILT_IN);
        assertThat(g.plugins()).isEqualTo("p");
        assertThat(g.verbose()).isTrue();
        assertThat(g.words()).containsExactly("demo", "chart", "x");
    }

    @Test
    void readsGlobalOptionsAfterABuiltInCommandButLeavesThemToPluginCommands() {
        GlobalOptions builtIn = GlobalOptions.scan(new String[] {"validate", "x.toml", "--plugins=q", "--verbose"}, BUILT_IN);
        assertThat(builtIn.plugins()).isEqualTo("q");
        assertThat(builtIn.verbose()).isTrue();
        GlobalOptions plugin = GlobalOptions.scan(new String[] {"demo", "--verbose", "--plugins", "r"}, BUILT_IN);
        assertThat(plugin.plugins()).isNull();
        assertThat(plugin.verbose()).isFalse();
        assertThat(plugin.words()).containsExactly("demo", "--verbose", "--plugins", "r");
    }

    @Test
    void rejectsPluginsWithoutADirectory() {
        assertThatThrownBy(() -> GlobalOptions.scan(new String[] {"--plugins"}, BUILT_IN))
                .hasMessageContaining("--plugins needs a directory");
    }
}
