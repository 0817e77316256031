package dev.attnlab.api.model;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.tensor.FloatTensor;

/**
 * How to sample a continuation.
 *
 * @param maxNewTokens upper bound on generated tokens
 * @param temperature  0 for greedy decoding, else the softmax temperature
 * @param topP         nucleus mass in (0, 1]; 1 disables it
 * @param seed         seed of the sampler; the same seed gives the same tokens
 * @param stopToken    generation stops after this token, or -1
 * @param softPrompt   {@code [P, dim]} embeddings placed before the prompt, or null
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record GenerationOptions(int maxNewTokens, double temperature, double topP, long seed, int stopToken,
                                FloatTensor softPrompt) {

    public GenerationOptions {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must be >= 0, was " + maxNewTokens);
        }
        if (temperature < 0) {
            throw new IllegalArgumentException("temperature must be >= 0, was " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
        }
    }

    public static GenerationOptions greedy(int maxNewTokens) {
        return new GenerationOptions(maxNewTokens, 0, 1, 0, -1, null);
    }

    public static GenerationOptions sampled(int maxNewTokens, double temperature, double topP, long seed) {
        return new GenerationOptions(maxNewTokens, temperature, topP, seed, -1, null);
    }

    public GenerationOptions withSoftPrompt(FloatTensor prompt) {
        return new GenerationOptions(maxNewTokens, temperature, topP, seed, stopToken, prompt);
    }

    public GenerationOptions withStopToken(int token) {
        return new GenerationOptions(maxNewTokens, temperature, topP, seed, token, softPrompt);
    }
}
