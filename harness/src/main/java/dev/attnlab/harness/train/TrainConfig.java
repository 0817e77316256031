package dev.attnlab.harness.train;

import java.nio.file.Path;

/**
 * How to fit a strategy's trainable parameters (or a whole model) with the eager DJL lowering.
 *
 * @param steps              optimizer steps
 * @param windowLength       tokens per training window
 * @param windowsPerStep     windows per step, run as one batch (gradient accumulation over them)
 * @param learningRate       AdamW learning rate
 * @param weightDecay        AdamW decoupled weight decay
 * @param attentionMseWeight weight of the attention-probability MSE term added to the KL (0 = KL only)
 * @param seed               seed of window sampling
 * @param checkpoint         safetensors file written every {@code checkpointEvery} steps and at the end;
 *                           when it exists at start, training resumes from it
 * @param checkpointEvery    steps between checkpoints
 */
public record TrainConfig(int steps, int windowLength, int windowsPerStep, double learningRate, double weightDecay,
                          double attentionMseWeight, long seed, Path checkpoint, int checkpointEvery) {

    public TrainConfig {
        if (steps < 0 || windowLength < 2 || windowsPerStep < 1 || checkpointEvery < 1) {
            throw new IllegalArgumentException("need steps >= 0, window_length >= 2, windows_per_step >= 1, "
                    + "checkpoint_every >= 1; got " + steps + ", " + windowLength + ", " + windowsPerStep + ", "
                    + checkpointEvery);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning_rate must be > 0, was " + learningRate);
        }
    }
}
