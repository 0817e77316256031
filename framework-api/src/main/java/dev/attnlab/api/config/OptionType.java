package dev.attnlab.api.config;

import dev.attnlab.api.ApiStatus;

/** The value types a configuration option can have, as written in TOML. */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public enum OptionType {
    BOOLEAN("boolean"),
    INTEGER("integer"),
    FLOAT("float"),
    STRING("string"),
    /** A string naming a file or directory; relative paths resolve against the config file. */
    PATH("path"),
    INTEGER_LIST("array of integers"),
    FLOAT_LIST("array of floats"),
    STRING_LIST("array of strings");

    private final String display;

    OptionType(String display) {
        this.display = display;
    }

    /** How the type is shown to users, e.g. {@code "array of integers"}. */
    public String display() {
        return display;
    }
}
