/**
 * Window and learned-mask attention strategies. {@link dev.attnlab.learnedmask.SlidingWindowStrategy}
 * and {@link dev.attnlab.learnedmask.WindowStrategy} bound what each query sees by position;
 * {@link dev.attnlab.learnedmask.LearnedMaskStrategy} picks keys by a cheap learned score and gathers
 * only those.
 */
package dev.attnlab.learnedmask;
