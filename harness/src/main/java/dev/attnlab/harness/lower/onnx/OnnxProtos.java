package dev.attnlab.harness.lower.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Small builders for the ONNX protobuf messages the recorder writes. */
final class OnnxProtos {

    private OnnxProtos() {
    }

    static int elemType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> OnnxMl.TensorProto.DataType.FLOAT.getNumber();
            case INT64 -> OnnxMl.TensorProto.DataType.INT64.getNumber();
            case BOOL -> OnnxMl.TensorProto.DataType.BOOL.getNumber();
        };
    }

    static DType dtype(int elemType, String valueName) {
        if (elemType == OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
            return DType.FLOAT32;
        } else if (elemType == OnnxMl.TensorProto.DataType.INT64.getNumber()) {
            return DType.INT64;
        } else if (elemType == OnnxMl.TensorProto.DataType.BOOL.getNumber()) {
            return DType.BOOL;
        }
        throw new IllegalArgumentException("value '" + valueName + "' has ONNX element type " + elemType
                + "; attnlab graphs use float32 (1), int64 (7) or bool (9)");
    }

    /** A float tensor with its data as little-endian raw bytes (compact and fast to parse). */
    static OnnxMl.TensorProto floats(String name, long[] shape, float[] data) {
        ByteBuffer bytes = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        return tensor(name, DType.FLOAT32, shape, ByteString.copyFrom(bytes));
    }

    static OnnxMl.TensorProto longs(String name, long[] shape, long[] data) {
        ByteBuffer bytes = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(data);
        return tensor(name, DType.INT64, shape, ByteString.copyFrom(bytes));
    }

    private static OnnxMl.TensorProto tensor(String name, DType dtype, long[] shape, ByteString raw) {
        OnnxMl.TensorProto.Builder b = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(elemType(dtype))
                .setRawData(raw);
        for (long d : shape) {
            b.addDims(d);
        }
        return b.build();
    }

    /** A value description with declared dims (symbols become {@code dim_param}). */
    static OnnxMl.ValueInfoProto valueInfo(String name, DType dtype, List<Dim> dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Dim d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d.isSymbolic()) {
                dim.setDimParam(d.symbol());
            } else {
                dim.setDimValue(d.size());
            }
            shape.addDim(dim);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType(dtype)).setShape(shape)))
                .build();
    }

    /** A value description with the rank known and every dimension left open. */
    static OnnxMl.ValueInfoProto valueInfo(String name, DType dtype, int rank) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (int i = 0; i < rank; i++) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder());
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType(dtype)).setShape(shape)))
                .build();
    }

    static OnnxMl.AttributeProto intAttr(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    static OnnxMl.AttributeProto floatAttr(String name, float value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF(value).build();
    }

    static OnnxMl.AttributeProto intsAttr(String name, long... values) {
        OnnxMl.AttributeProto.Builder b = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    static OnnxMl.AttributeProto stringAttr(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static OnnxMl.ModelProto model(OnnxMl.GraphProto graph, boolean hostDomain) {
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder().setIrVersion(OnnxGraphRecorder.IR_VERSION)
                .setProducerName("attnlab").setProducerVersion(OnnxGraphRecorder.ATTNLAB_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxGraphRecorder.OPSET))
                .setGraph(graph);
        if (hostDomain) {
            m.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(SingleFileGraph.HOST_DOMAIN).setVersion(1));
        }
        return m.build();
    }
}
