package dev.attnlab.harness.defaults;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fact-recall probes in the synthetic corpus's own language: a context that states one fact (a box number,
 * a pet's name, an age, a secret code) and then wanders through {@code fillers} everyday sentences, and a
 * question whose answer is that fact's value, e.g. context "... The secret code of Mia was 4821, and she
 * wrote it down. Mia walked to the park. ..." and question "What was the secret code of Mia? It was" with
 * answer "4821". Nothing after the fact repeats it, so only a reader that kept the context can answer.
 *
 * <p>Probe {@code i} of a seed depends only on the seed, {@code i} and {@code fillers}.
 */
public final class FactProbes {

    /**
     * One probe.
     *
     * @param context  the text holding the fact, then the filler sentences
     * @param question the question up to the answer, without a trailing space
     * @param answer   the value asked for; it follows the question after one space
     * @param kind     {@code box}, {@code pet}, {@code age} or {@code code}
     */
    public record Probe(String context, String question, String answer, String kind) {
    }

    private static final List<String> KINDS = List.of("box", "pet", "age", "code");

    private final long seed;

    public FactProbes(long seed) {
        this.seed = seed;
    }

    /** Probe {@code index} with {@code fillers} everyday sentences between the fact and the question. */
    public Probe probe(long index, int fillers) {
        if (fillers < 0) {
            throw new IllegalArgumentException("fillers must be >= 0, was " + fillers);
        }
        Random random = new Random(SyntheticCorpus.mix(SyntheticCorpus.mix(seed ^ 0x5DEECE66DL) + index));
        List<SyntheticCorpus.Person> cast = SyntheticCorpus.cast(random, 2);
        List<String> intro = new ArrayList<>();
        List<String> questions = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        SyntheticCorpus.addFact(random, cast.get(0), intro, new ArrayList<>(), questions, answers, new ArrayList<>(),
                new ArrayList<>());
        StringBuilder context = new StringBuilder(SyntheticCorpus.fill(SyntheticCorpus.pick(random,
                SyntheticCorpus.OPENINGS), random, cast));
        context.append(' ').append(intro.get(0));
        for (int i = 0; i < fillers; i++) {
            context.append(' ').append(SyntheticCorpus.filler(random, cast));
        }
        String question = questions.get(0);
        String answer = answers.get(0);
        int at = question.lastIndexOf(" " + answer);
        return new Probe(context.toString(), question.substring(0, at), answer, kindOf(question));
    }

    private static String kindOf(String question) {
        if (question.startsWith("Where")) {
            return KINDS.get(0);
        }
        if (question.startsWith("What was the name")) {
            return KINDS.get(1);
        }
        return question.startsWith("How old") ? KINDS.get(2) : KINDS.get(3);
    }
}
