package dev.attnlab.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {

    private final ConfigSchema schema = ConfigSchema.of(
            ConfigOption.integer("window", 64, 1, 1 << 20, "keys each query sees"),
            ConfigOption.real("ratio", 0.5, 0.0, 1.0, "share of keys kept"),
            ConfigOption.choice("update", "linear", List.of("linear", "delta"), "memory update rule"),
            ConfigOption.bool("sinks", false, "keep the first tokens"),
            ConfigOption.integers("layers", List.of(), "layers to apply to"),
            ConfigOption.path("params", "", "trained parameter file"));

    @Test
    void fillsDefaultsForAbsentKeys() {
        Settings s = schema.validate(Map.of("window", 8L), "methods[0]");
        assertThat(s.getInt("window")).isEqualTo(8);
        assertThat(s.getDouble("ratio")).isEqualTo(0.5);
        assertThat(s.getString("update")).isEqualTo("linear");
        assertThat(s.getBoolean("sinks")).isFalse();
        assertThat(s.getLongList("layers")).isEmpty();
        assertThat(s.keyPath("window")).isEqualTo("methods[0].window");
    }

    @Test
    void rejectsUnknownKeyListingAllowedKeys() {
        assertThatThrownBy(() -> schema.validate(Map.of("windw", 8L), "methods[1]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("methods[1].windw")
                .hasMessageContaining("unknown key")
                .hasMessageContaining("window, ratio, update, sinks, layers, params")
                .extracting(e -> ((ConfigException) e).keyPath()).isEqualTo("methods[1].windw");
    }

    @Test
    void ignoredKeysAreSkipped() {
        assertThat(schema.validate(Map.of("id", "window"), "m", Set.of("id")).getInt("window")).isEqualTo(64);
    }

    @Test
    void rejectsWrongTypeNamingExpectedAndFound() {
        assertThatThrownBy(() -> schema.validate(Map.of("window", "eight"), "m"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("m.window").hasMessageContaining("expected integer")
                .hasMessageContaining("string 'eight'");
        assertThatThrownBy(() -> schema.validate(Map.of("layers", List.of(1L, "x")), "m"))
                .hasMessageContaining("array of integers");
    }

    @Test
    void acceptsIntegersWhereFloatsAreExpected() {
        assertThat(schema.validate(Map.of("ratio", 1L), "m").getDouble("ratio")).isEqualTo(1.0);
    }

    @Test
    void rejectsMissingRequiredOptionWithItsDoc() {
        ConfigSchema required = schema.with(ConfigOption.integer("budget", 0, "keys kept per query").asRequired());
        assertThatThrownBy(() -> required.validate(Map.of(), "methods[2]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("methods[2].budget").hasMessageContaining("required integer is missing")
                .hasMessageContaining("keys kept per query");
        assertThatThrownBy(required::defaults).isInstanceOf(ConfigException.class);
    }

    @Test
    void rejectsValuesOutOfRangeShowingTheRange() {
        assertThatThrownBy(() -> schema.validate(Map.of("window", 0L), "m"))
                .hasMessageContaining("m.window").hasMessageContaining("out of range")
                .hasMessageContaining("[1, 1048576]");
        assertThatThrownBy(() -> schema.validate(Map.of("ratio", 1.5), "m")).hasMessageContaining("[0, 1]");
    }

    @Test
    void rejectsValueOutsideChoiceListingAllowedValues() {
        assertThatThrownBy(() -> schema.validate(Map.of("update", "gated"), "m"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'gated' is not allowed").hasMessageContaining("linear, delta");
    }

    @Test
    void withReplacesAValueAfterCheckingIt() {
        Settings s = schema.defaults().with("window", 4L);
        assertThat(s.getLong("window")).isEqualTo(4L);
        assertThatThrownBy(() -> s.with("window", -1L)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> s.with("nope", 1L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accessorOfTheWrongTypeIsAProviderBug() {
        Settings s = schema.defaults();
        assertThatThrownBy(() -> s.getDouble("window")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INTEGER");
        assertThatThrownBy(() -> s.getLong("unknown")).hasMessageContaining("no option 'unknown'");
    }

    @Test
    void rejectsOptionsDeclaredTwiceAndChoiceDefaultsOutsideTheList() {
        assertThatThrownBy(() -> schema.with(ConfigOption.bool("window", true, "")))
                .hasMessageContaining("declared twice");
        assertThatThrownBy(() -> ConfigOption.choice("u", "x", List.of("a"), ""))
                .hasMessageContaining("not in [a]");
    }

    @Test
    void emptySchemaSaysThereAreNoKeys() {
        assertThatThrownBy(() -> ConfigSchema.EMPTY.validate(Map.of("a", 1L), ""))
                .hasMessageContaining("(none)");
    }
}
