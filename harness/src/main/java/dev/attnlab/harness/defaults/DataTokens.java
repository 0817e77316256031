package dev.attnlab.harness.defaults;

/**
 * The tokens an experiment is evaluated on, with where they came from.
 *
 * @param ids        exactly {@code [data] tokens} token ids
 * @param provenance how to get the same ids again: the source, tokenizer or sampler, seed and offset
 */
public record DataTokens(int[] ids, String provenance) {

    public DataTokens {
        ids = ids.clone();
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    public int size() {
        return ids.length;
    }
}
