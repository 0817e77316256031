package dev.attnlab.harness.lower.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Reads and writes .onnx files, with weights inline or as ONNX external data beside the model. */
public final class ModelFiles {

    /** Above this many bytes of weights a model is written with external data (protobuf's 2 GiB limit). */
    public static final long EXTERNAL_DATA_THRESHOLD = 1536L * 1024 * 1024;
    /** Initializers smaller than this stay inline even in an external-data export. */
    static final int SMALL_TENSOR_BYTES = 1024;

    private ModelFiles() {
    }

    /** Total bytes of the model's inline initializers. */
    public static long weightBytes(OnnxMl.ModelProto model) {
        return model.getGraph().getInitializerList().stream().mapToLong(t -> t.getRawData().size()).sum();
    }

    /**
     * Writes {@code model} to {@code file} atomically. With external data, the larger initializers go to
     * {@code <file name>.data} in the same directory and the model refers to it by relative path.
     */
    public static void write(OnnxMl.ModelProto model, Path file, boolean externalData) {
        write(model, file, externalData ? file.getFileName() + ".data" : null);
    }

    /**
     * Writes {@code model} to {@code file} atomically; with {@code dataFileName} non-null the larger weights go to
     * that file (in the same directory), which the model names by relative path.
     */
    public static void write(OnnxMl.ModelProto model, Path file, String dataFileName) {
        boolean externalData = dataFileName != null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            OnnxMl.ModelProto toWrite = model;
            if (externalData) {
                String dataName = dataFileName;
                Path dataTmp = Files.createTempFile(dir, dataName, ".tmp");
                OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder().clearInitializer();
                long offset = 0;
                try (FileChannel out = FileChannel.open(dataTmp, StandardOpenOption.WRITE)) {
                    for (OnnxMl.TensorProto t : model.getGraph().getInitializerList()) {
                        ByteString raw = t.getRawData();
                        if (raw.size() < SMALL_TENSOR_BYTES) {
                            graph.addInitializer(t);
                            continue;
                        }
                        for (java.nio.ByteBuffer b : raw.asReadOnlyByteBufferList()) {
                            while (b.hasRemaining()) {
                                out.write(b);
                            }
                        }
                        graph.addInitializer(t.toBuilder().clearRawData()
                                .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                                .addExternalData(entry("location", dataName))
                                .addExternalData(entry("offset", Long.toString(offset)))
                                .addExternalData(entry("length", Integer.toString(raw.size()))));
                        offset += raw.size();
                    }
                }
                if (offset > 0) {
                    Files.move(dataTmp, dir.resolve(dataName), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.delete(dataTmp); // every weight was small enough to stay inline
                }
                toWrite = model.toBuilder().setGraph(graph).build();
            }
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                toWrite.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ONNX model " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a model, bringing external data (relative to the file) inline. */
    public static OnnxMl.ModelProto read(Path file) {
        OnnxMl.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = OnnxMl.ModelProto.parseFrom(in);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(file + " is not an ONNX model (protobuf parse failed: "
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ONNX model " + file + ": " + e.getMessage(), e);
        }
        if (model.getGraph().getInitializerList().stream()
                .noneMatch(t -> t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL)) {
            return model;
        }
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder().clearInitializer();
        for (OnnxMl.TensorProto t : model.getGraph().getInitializerList()) {
            if (t.getDataLocation() != OnnxMl.TensorProto.DataLocation.EXTERNAL) {
                graph.addInitializer(t);
                continue;
            }
            String location = null;
            long offset = 0;
            long length = -1;
            for (OnnxMl.StringStringEntryProto e : t.getExternalDataList()) {
                switch (e.getKey()) {
                    case "location" -> location = e.getValue();
                    case "offset" -> offset = Long.parseLong(e.getValue());
                    case "length" -> length = Long.parseLong(e.getValue());
                    default -> { }
                }
            }
            Path data = file.toAbsolutePath().getParent().resolve(location);
            try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
                long n = length >= 0 ? length : ch.size() - offset;
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(Math.toIntExact(n));
                while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
                    // read until full
                }
                buf.flip();
                graph.addInitializer(t.toBuilder().clearExternalData()
                        .setDataLocation(OnnxMl.TensorProto.DataLocation.DEFAULT).setRawData(ByteString.copyFrom(buf)));
            } catch (IOException e) {
                throw new UncheckedIOException("weight '" + t.getName() + "' of " + file + " refers to external data "
                        + data + " which cannot be read: " + e.getMessage(), e);
            }
        }
        return model.toBuilder().setGraph(graph).build();
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
