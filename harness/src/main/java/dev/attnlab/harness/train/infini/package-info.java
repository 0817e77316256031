/**
 * Fitting Infini-attention's gate against full attention on the eager DJL lowering, under the segment
 * contract of {@link dev.attnlab.api.attention.SegmentedAttention}: the segment-aware forward pass, the
 * training-free least-squares calibration ({@link dev.attnlab.harness.train.infini.GateCalibration}), segment-aware
 * distillation ({@link dev.attnlab.harness.train.infini.SegmentedDistillation}) and the measurement command
 * ({@link dev.attnlab.harness.train.infini.InfiniMeasurement}). See docs/methods/infini.md.
 */
package dev.attnlab.harness.train.infini;
