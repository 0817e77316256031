package dev.attnlab.infini;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.SegmentedAttention;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;

/**
 * {@code infini}: Infini-attention (Munkhdalai et al., 2024, "Leave No Context Behind").
 *
 * <p>The sequence is cut into segments of {@code segment} tokens. In each layer and head a query attends
 * causally to the keys of its own segment (A_dot) and reads a compressive memory of all earlier segments,
 * {@code A_mem = sigma(q) M / (sigma(q) z)} with {@code sigma = ELU + 1}; the output is
 * {@code sigmoid(beta) A_mem + (1 - sigmoid(beta)) A_dot} with a trainable gate {@code beta} per head.
 * When a segment is complete its keys and values are written into the memory by the {@code update} rule
 * ({@link MemoryUpdate}): {@code M [Dk, Dv] += sigma(K)^T V} and {@code z += sum sigma(K)}, or the delta rule
 * that first subtracts what the memory already retrieves for each key. Memory and compute per token are
 * therefore constant in the total length. Under grouped-query attention the memory is kept per key/value
 * head and shared by that head's query heads.
 *
 * <p><b>Runs and segments.</b> The graph is built once for any run length, so it cannot unroll a run over
 * several segments. The layers are {@link SegmentedAttention}s: runs must not cross a segment boundary, and
 * the runtime feeds long inputs in runs that end at multiples of {@link SegmentedAttention#segmentLength()}.
 * Within a segment the keys and values are kept in a KV cache (state), so decoding token by token gives
 * the same result as a prefill of whole segments.
 *
 * <p>{@code beta} (parameter {@code layers.<n>.attn.infini.beta}, shape {@code [heads]}) starts at
 * {@code beta_init}; the default -5 gives memory a weight of sigmoid(-5) = 0.0067, so the untrained method is
 * close to segment-local attention, and the distillation trainer fits beta against full attention. Note
 * that in the first segment the memory is empty and retrieval is 0, so the output is
 * {@code (1 - sigmoid(beta)) A_dot}, as in the original formulation.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class InfiniStrategy implements AttentionStrategy {

    public static final String ID = "infini";
    static final String SEGMENT = "segment";
    static final String UPDATE = "update";
    static final String BETA_INIT = "beta_init";

    private static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigOption.integer(SEGMENT, 64, 1, Integer.MAX_VALUE,
                    "Segment length in tokens: local attention spans one segment; memory holds all earlier ones."),
            ConfigOption.choice(UPDATE, MemoryUpdate.LINEAR.configName(), MemoryUpdate.configNames(),
                    "Memory update rule: linear (M += sigma(K)^T V) or delta (adds only what M does not yet retrieve)."),
            ConfigOption.real(BETA_INIT, -5.0, -1.0e6, 1.0e6,
                    "Initial gate logit per head when no trained value exists; sigmoid(beta) weights memory retrieval."));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Segment-local attention plus a compressive memory of earlier segments, mixed by a learned gate";
    }

    @Override
    public ConfigSchema configSchema() {
        return SCHEMA;
    }

    @Override
    public boolean trainable() {
        return true;
    }

    @Override
    public SegmentedAttention create(AttentionContext context, Settings settings) {
        return new InfiniAttention(settings.getInt(SEGMENT), MemoryUpdate.fromConfig(settings.getString(UPDATE)),
                (float) settings.getDouble(BETA_INIT));
    }
}
