/**
 * A plain-Java reference lowering of the tensor-op API ({@link dev.attnlab.api.testkit.ArrayOps}) for
 * unit tests of models and strategies without ONNX Runtime, and for cross-checking other lowerings.
 */
package dev.attnlab.api.testkit;
