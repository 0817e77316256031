package dev.attnlab.harness.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TomlKeyLocatorTest {

    private static final String TEXT = """
            # comment line 1
            top = 1
            [experiment]
            name = "x"   # trailing = comment
            notes = \"\"\"
            [model]
            fake = key
            \"\"\"
            seed = 3

            [[methods]]
            strategy = "full"

            [[methods]]
            "strategy" = "window"
            list = [
              [1, 2],
              "window = 3",
            ]
            window = 8
            [ model ]
            device = 'cpu'
            """;

    private final TomlKeyLocator locator = new TomlKeyLocator(TEXT);

    @Test
    void findsKeysUnderTheRightOccurrenceOfAnArrayTable() {
        assertThat(locator.line("methods[0].strategy")).isEqualTo(12);
        assertThat(locator.line("methods[1].strategy")).isEqualTo(15);
        assertThat(locator.line("methods[1].window")).isEqualTo(20);
        assertThat(locator.line("methods[1]")).isEqualTo(14);
    }

    @Test
    void skipsTheInsideOfMultiLineStringsAndArrays() {
        assertThat(locator.sectionNames()).containsExactly("experiment", "methods[0]", "methods[1]", "model");
        assertThat(locator.line("model")).isEqualTo(21);
        assertThat(locator.line("experiment.seed")).isEqualTo(9);
    }

    @Test
    void fallsBackToTheTableLineForAMissingKeyAndZeroForAMissingTable() {
        assertThat(locator.line("methods[0].window")).isEqualTo(11);
        assertThat(locator.line("model.device")).isEqualTo(22);
        assertThat(locator.line("data.tokens")).isZero();
        assertThat(locator.line("evaluators[0].id")).isZero();
    }

    @Test
    void findsTopLevelKeys() {
        assertThat(locator.line("top")).isEqualTo(2);
        assertThat(locator.line("experiment.name")).isEqualTo(4);
    }
}
