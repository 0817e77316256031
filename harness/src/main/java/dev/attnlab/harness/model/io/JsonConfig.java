package dev.attnlab.harness.model.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JSON object read from a file, with typed lookups whose errors name the file and key. */
final class JsonConfig {

    private final Path file;
    private final JsonObject root;

    private JsonConfig(Path file, JsonObject root) {
        this.file = file;
        this.root = root;
    }

    static JsonConfig read(Path file) {
        try {
            JsonElement parsed = new JsonParser().parse(Files.readString(file));
            if (!parsed.isJsonObject()) {
                throw new CheckpointException(file + " is not a JSON object");
            }
            return new JsonConfig(file, parsed.getAsJsonObject());
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new CheckpointException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    JsonObject root() {
        return root;
    }

    boolean has(String key) {
        return root.has(key) && !root.get(key).isJsonNull();
    }

    int requireInt(String key) {
        if (!has(key)) {
            throw new CheckpointException(file + " lacks the integer key '" + key + "' that this architecture needs");
        }
        return integer(key);
    }

    int getInt(String key, int fallback) {
        return has(key) ? integer(key) : fallback;
    }

    float getFloat(String key, float fallback) {
        try {
            return has(key) ? root.get(key).getAsFloat() : fallback;
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": key '" + key + "' must be a number, was " + root.get(key), e);
        }
    }

    boolean getBoolean(String key, boolean fallback) {
        try {
            return has(key) ? root.get(key).getAsBoolean() : fallback;
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": key '" + key + "' must be true or false, was " + root.get(key), e);
        }
    }

    String getString(String key, String fallback) {
        return has(key) && root.get(key).isJsonPrimitive() ? root.get(key).getAsString() : fallback;
    }

    /** A token id that may be an integer or a list of integers (the first is taken), or -1. */
    int tokenId(String key) {
        if (!has(key)) {
            return -1;
        }
        JsonElement e = root.get(key);
        if (e.isJsonArray()) {
            return e.getAsJsonArray().size() == 0 ? -1 : e.getAsJsonArray().get(0).getAsInt();
        }
        return integer(key);
    }

    private int integer(String key) {
        try {
            return root.get(key).getAsInt();
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": key '" + key + "' must be an integer, was " + root.get(key), e);
        }
    }
}
