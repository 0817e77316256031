/** TODO */
package dev.attnlab.harness.lower.onnx;
