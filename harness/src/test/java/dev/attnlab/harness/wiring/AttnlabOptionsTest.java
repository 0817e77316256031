package dev.attnlab.harness.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttnlabOptionsTest {

    private final Path cwd = Path.of("/work/here");

    @Test
    void prefersTheCommandLineThenTheEnvironmentThenPluginsUnderTheWorkingDirectory() {
        Map<String, String> env = Map.of(AttnlabOptions.PLUGINS_ENV, "/opt/attnlab/plugins");
        AttnlabOptions explicit = AttnlabOptions.resolve(cwd, "mine", env, Set.of());
        assertThat(explicit.pluginsDir()).isEqualTo(Path.of("/work/here/mine"));
        assertThat(explicit.pluginsDirRequired()).isTrue();
        AttnlabOptions fromEnv = AttnlabOptions.resolve(cwd, null, env, Set.of());
        assertThat(fromEnv.pluginsDir()).isEqualTo(Path.of("/opt/attnlab/plugins"));
        assertThat(fromEnv.pluginsDirRequired()).isTrue();
        AttnlabOptions byDefault = AttnlabOptions.resolve(cwd, null, Map.of(), Set.of());
        assertThat(byDefault.pluginsDir()).isEqualTo(Path.of("/work/here/plugins"));
        assertThat(byDefault.pluginsDirRequired()).as("a default directory may be absent").isFalse();
    }
}
