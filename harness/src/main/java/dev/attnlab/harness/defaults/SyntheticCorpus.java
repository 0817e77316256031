package dev.attnlab.harness.defaults;

import dev.attnlab.api.model.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of English-like text with long-range structure, the embedded default's training and
 * evaluation text. Each document is either a short story or a pass-key text:
 * <ul>
 *   <li>a story introduces two or three named characters and facts about them (an object put in a numbered
 *       box, a pet's name, an age, a secret code), wanders through unrelated everyday sentences, and recalls
 *       the facts later, word for word ("Mia put the red key in box 7." ... "Later, Mia opened box 7 and
 *       found the red key."), often closing with questions about them;</li>
 *   <li>a pass-key text hides a number among repeated filler lines and asks for it at the end.</li>
 * </ul>
 * How far a recall lies from its fact varies from a few sentences to over a hundred, so a model with a
 * short attention span cannot predict the recalled words. Document {@code i} of a seed depends on nothing
 * but the seed and {@code i} ({@link java.util.Random} is specified exactly, so the text is the same on
 * every JVM). Every word it writes is in the {@link dev.attnlab.harness.tokenize.DefaultTokenizer}'s
 * vocabulary.
 */
public final class SyntheticCorpus {

    static final List<String> GIRLS = List.of("Mia", "Lily", "Emma", "Zoe", "Anna", "Ruby", "Nora", "Ella", "Lucy",
            "Ivy", "Rosa", "Hana");
    static final List<String> BOYS = List.of("Leo", "Sam", "Tom", "Ben", "Finn", "Jack", "Omar", "Ravi", "Hugo",
            "Eli", "Theo", "Kai");
    static final List<String> PET_NAMES = List.of("Rex", "Coco", "Pip", "Luna", "Milo", "Daisy", "Bingo", "Tiger",
            "Pepper", "Sunny");
    static final List<String> PETS = List.of("dog", "cat", "bird", "fish", "rabbit", "turtle");
    static final List<String> ANIMALS = List.of("dog", "cat", "bird", "duck", "frog", "fox", "cow", "horse", "owl",
            "rabbit", "turtle", "bee");
    static final List<String> COLORS = List.of("red", "blue", "green", "yellow", "white", "black", "orange",
            "purple", "pink", "brown", "silver", "gold");
    static final List<String> THINGS = List.of("key", "coin", "ring", "map", "letter", "ball", "book", "shell",
            "stone", "cup", "hat", "watch", "card", "spoon");
    static final List<String> CONTAINERS = List.of("box", "drawer", "jar", "locker", "basket", "chest");
    static final List<String> PLACES = List.of("park", "river", "garden", "school", "market", "forest", "beach",
            "library", "farm", "hill", "lake", "kitchen", "bakery", "station");
    static final List<String> FOODS = List.of("apples", "bread", "soup", "cake", "cookies", "pears", "rice",
            "cheese", "plums", "carrots");
    static final List<String> FEELINGS = List.of("happy", "sad", "tired", "hungry", "calm", "brave", "curious",
            "sleepy", "excited", "quiet");
    static final List<String> WEATHER = List.of("sunny", "cold", "windy", "rainy", "warm", "cloudy");

    /**
     * Everyday sentences that carry no fact to remember. Slots: {A} {B} two characters, {he} {his} A's
     * pronouns, {place} {food} {color} {animal} {feel} {weather} {n} (2 to 9).
     */
    static final List<String> FILLERS = List.of(
            "{A} walked to the {place}.",
            "{A} saw a {color} {animal} near the {place}.",
            "The day was {weather}, and the sky was very big.",
            "{A} and {B} played by the {place} for a long time.",
            "{A} was {feel}, so {he} sat down under a tree.",
            "Then {A} ate some {food} with {B}.",
            "{A} counted {n} birds on the roof.",
            "{A} told {B} a funny story about a {animal}.",
            "After that, {A} went home and drank some water.",
            "{B} sang a song, and {A} clapped.",
            "It started to rain, so they ran inside.",
            "{A} drew a picture of a {color} {animal}.",
            "The wind moved the leaves in the {place}.",
            "{A} looked at the clouds and smiled.",
            "{A} helped {B} carry {n} bags to the {place}.",
            "{A} read a book about the {place}.",
            "{A} found a small {color} flower and gave it to {B}.",
            "They walked past the {place} and waved to a {animal}.",
            "{A} felt {feel} and wanted to rest.",
            "{B} asked {A} to come to the {place} the next day.",
            "{A} put on {his} {color} coat because it was {weather}.",
            "A {animal} ran across the road, and {A} laughed.",
            "{A} and {B} shared {n} {food} at the {place}.",
            "The {animal} looked at {A} and did not move.",
            "{A} heard a bell ring far away.");

    static final List<String> OPENINGS = List.of(
            "Once upon a time, there was a small town near the {place}.",
            "One {weather} morning, the friends met at the {place}.",
            "This is a story about friends who lived near the {place}.",
            "It was a {weather} day in the little town.");

    private static final List<String> PASSKEY_FILLERS = List.of(
            "The grass is green.", "The sky is blue.", "The sun is yellow.", "Here we go.", "There and back again.");

    private final long seed;

    public SyntheticCorpus(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** Document {@code index} (0-based) of this seed, ending with a newline. */
    public String document(long index) {
        Random random = new Random(mix(mix(seed) + index));
        return random.nextInt(8) == 0 ? passkey(random) : story(random);
    }

    /** The first {@code count} documents, concatenated. */
    public String text(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(document(i));
        }
        return out.toString();
    }

    /**
     * Exactly {@code count} token ids: each document encoded with {@code tokenizer}, preceded by its BOS token
     * where the tokenizer has one, until {@code count} are reached (the last document is cut).
     */
    public int[] tokens(TextTokenizer tokenizer, int count) {
        int[] out = new int[count];
        int filled = 0;
        for (long doc = 0; filled < count; doc++) {
            if (tokenizer.bosToken() >= 0) {
                out[filled++] = tokenizer.bosToken();
            }
            int[] ids = tokenizer.encode(document(doc));
            int take = Math.min(ids.length, count - filled);
            System.arraycopy(ids, 0, out, filled, take);
            filled += take;
        }
        return out;
    }

    /** The smallest number of whole documents whose tokens (with BOS) reach {@code count}, as text. */
    public String textForTokens(TextTokenizer tokenizer, int count) {
        StringBuilder out = new StringBuilder();
        int filled = 0;
        for (long doc = 0; filled < count; doc++) {
            String text = document(doc);
            filled += tokenizer.encode(text).length + (tokenizer.bosToken() >= 0 ? 1 : 0);
            out.append(text);
        }
        return out.toString();
    }

    record Person(String name, String he, String his) {
    }

    private static String story(Random random) {
        List<Person> cast = cast(random, 2 + random.nextInt(2));
        List<String> intro = new ArrayList<>();
        List<String> recalls = new ArrayList<>();
        List<String> questions = new ArrayList<>();
        List<Integer> usedNumbers = new ArrayList<>();
        List<String> usedNames = new ArrayList<>();
        for (Person p : cast) {
            int facts = 1 + random.nextInt(2);
            for (int f = 0; f < facts; f++) {
                addFact(random, p, intro, recalls, questions, new ArrayList<>(), usedNumbers, usedNames);
            }
        }
        Collections.shuffle(intro, random);
        Collections.shuffle(recalls, random);
        // A quarter of stories recall within a few sentences, the rest after long stretches of everyday text.
        int fillers = random.nextInt(4) == 0 ? 2 + random.nextInt(6) : 10 + random.nextInt(130);
        List<String> body = new ArrayList<>();
        for (int i = 0; i < fillers; i++) {
            body.add(filler(random, cast));
        }
        int half = body.size() / 2;
        for (String recall : recalls) {
            int at = half + random.nextInt(body.size() - half + 1);
            body.add(at, recall);
        }
        List<String> sentences = new ArrayList<>();
        sentences.add(fill(pick(random, OPENINGS), random, cast));
        sentences.addAll(intro);
        sentences.addAll(body);
        if (random.nextBoolean()) {
            Collections.shuffle(questions, random);
            sentences.addAll(questions);
        }
        sentences.add("The end.");
        return paragraphs(random, sentences);
    }

    /**
     * Draws one fact about {@code p} and adds its sentences to the lists; {@code answers} gets the value the
     * question asks for, as it appears in the question. Adding an answer draws nothing from {@code random},
     * so the corpus is the same whoever collects answers.
     */
    static void addFact(Random random, Person p, List<String> intro, List<String> recalls, List<String> questions,
                        List<String> answers, List<Integer> usedNumbers, List<String> usedNames) {
        String a = p.name();
        switch (random.nextInt(4)) {
            case 0 -> {
                String color = pick(random, COLORS);
                String thing = pick(random, THINGS);
                String container = pick(random, CONTAINERS);
                int n = unusedNumber(random, usedNumbers, 1, 99);
                intro.add(a + " put the " + color + " " + thing + " in " + container + " " + n + ".");
                recalls.add(random.nextBoolean()
                        ? "Later, " + a + " opened " + container + " " + n + " and found the " + color + " " + thing + "."
                        : a + " remembered that the " + color + " " + thing + " was in " + container + " " + n + ".");
                questions.add("Where was the " + color + " " + thing + "? It was in " + container + " " + n + ".");
                answers.add(Integer.toString(n));
            }
            case 1 -> {
                String pet = pick(random, PETS);
                String petName = PET_NAMES.get(random.nextInt(PET_NAMES.size()));
                if (usedNames.contains(petName)) {
                    petName = PET_NAMES.stream().filter(x -> !usedNames.contains(x)).findFirst().orElse(petName);
                }
                usedNames.add(petName);
                intro.add(a + " had a " + pet + " named " + petName + ".");
                recalls.add(a + " called " + petName + ", and the " + pet + " came running.");
                questions.add("What was the name of " + a + "'s " + pet + "? It was " + petName + ".");
                answers.add(petName);
            }
            case 2 -> {
                int age = unusedNumber(random, usedNumbers, 4, 12);
                intro.add(a + " was " + age + " years old.");
                recalls.add("Everyone knew that " + a + " was " + age + " years old.");
                questions.add("How old was " + a + "? " + capitalize(p.he()) + " was " + age + " years old.");
                answers.add(Integer.toString(age));
            }
            default -> {
                int code = unusedNumber(random, usedNumbers, 100, 99999);
                intro.add("The secret code of " + a + " was " + code + ", and " + p.he() + " wrote it down.");
                recalls.add(a + " typed the secret code " + code + ", and the door opened.");
                questions.add("What was the secret code of " + a + "? It was " + code + ".");
                answers.add(Integer.toString(code));
            }
        }
    }

    private static String passkey(Random random) {
        int key = 10000 + random.nextInt(90000);
        int lines = 5 + random.nextInt(150);
        int at = random.nextInt(lines + 1);
        List<String> sentences = new ArrayList<>();
        sentences.add("There is an important pass key hidden in this text. Find it and remember it.");
        for (int i = 0; i < lines; i++) {
            if (i == at) {
                sentences.add("The pass key is " + key + ". Remember it. " + key + " is the pass key.");
            }
            sentences.add(String.join(" ", PASSKEY_FILLERS));
        }
        if (at == lines) {
            sentences.add("The pass key is " + key + ". Remember it. " + key + " is the pass key.");
        }
        sentences.add("What is the pass key? The pass key is " + key + ".");
        return String.join("\n", sentences) + "\n";
    }

    static List<Person> cast(Random random, int size) {
        List<Person> people = new ArrayList<>();
        List<String> taken = new ArrayList<>();
        while (people.size() < size) {
            boolean girl = random.nextBoolean();
            String name = pick(random, girl ? GIRLS : BOYS);
            if (!taken.contains(name)) {
                taken.add(name);
                people.add(new Person(name, girl ? "she" : "he", girl ? "her" : "his"));
            }
        }
        return people;
    }

    static String filler(Random random, List<Person> cast) {
        return fill(pick(random, FILLERS), random, cast);
    }

    static String fill(String template, Random random, List<Person> cast) {
        int a = random.nextInt(cast.size());
        int b = (a + 1 + random.nextInt(cast.size() - 1)) % cast.size();
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (int open = template.indexOf('{'); open >= 0; open = template.indexOf('{', i)) {
            int close = template.indexOf('}', open);
            out.append(template, i, open).append(value(template.substring(open + 1, close), random,
                    cast.get(a), cast.get(b)));
            i = close + 1;
        }
        return out.append(template, i, template.length()).toString();
    }

    private static String value(String slot, Random random, Person a, Person b) {
        return switch (slot) {
            case "A" -> a.name();
            case "B" -> b.name();
            case "he" -> a.he();
            case "his" -> a.his();
            case "place" -> pick(random, PLACES);
            case "food" -> pick(random, FOODS);
            case "color" -> pick(random, COLORS);
            case "animal" -> pick(random, ANIMALS);
            case "feel" -> pick(random, FEELINGS);
            case "weather" -> pick(random, WEATHER);
            case "n" -> Integer.toString(2 + random.nextInt(8));
            default -> throw new IllegalStateException("unknown slot {" + slot + "} in the corpus grammar");
        };
    }

    private static String paragraphs(Random random, List<String> sentences) {
        StringBuilder out = new StringBuilder();
        int left = 3 + random.nextInt(5);
        for (int i = 0; i < sentences.size(); i++) {
            out.append(sentences.get(i));
            if (--left == 0 || i == sentences.size() - 1) {
                out.append('\n');
                left = 3 + random.nextInt(5);
            } else {
                out.append(' ');
            }
        }
        return out.toString();
    }

    private static int unusedNumber(Random random, List<Integer> used, int low, int high) {
        int n;
        do {
            n = low + random.nextInt(high - low + 1);
        } while (used.contains(n));
        used.add(n);
        return n;
    }

    /**
     * SplitMix64's finalizer: Random's first outputs for neighbouring seeds are nearly equal, so document
     * seeds are scrambled first.
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static String pick(Random random, List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** Every word the grammar can write, lower-cased and sorted, for building the default vocabulary. */
    static List<String> grammarWords() {
        List<String> all = new ArrayList<>();
        for (List<String> list : List.of(GIRLS, BOYS, PET_NAMES, PETS, ANIMALS, COLORS, THINGS, CONTAINERS, PLACES,
                FOODS, FEELINGS, WEATHER, FILLERS, OPENINGS, PASSKEY_FILLERS, FIXED_PHRASES)) {
            for (String text : list) {
                all.addAll(Arrays.asList(text.replaceAll("\\{[a-z]+}", " ").toLowerCase().split("[^a-z]+")));
            }
        }
        return all.stream().filter(w -> w.length() > 1).distinct().sorted().toList();
    }

    /** The words of the fact, recall and question sentences written in code above. */
    private static final List<String> FIXED_PHRASES = List.of(
            "put the in. Later, opened and found the. remembered that the was in. Where was the? It was in.",
            "had a named. called, and the came running. What was the name of's? It was.",
            "was years old. Everyone knew that. How old was? She He his her",
            "The secret code of was, and wrote it down. typed the secret code, and the door opened.",
            "There is an important pass key hidden in this text. Find it and remember it. The pass key is."
                    + " Remember it. is the pass key. What is the pass key? The end.");
}
