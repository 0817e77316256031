package dev.attnlab.harness.lower.onnx;

/** The ONNX operators the recorder emits, with their domain ({@code ""} is the standard domain). */
enum OnnxOp {
    ADD("Add"), SUB("Sub"), MUL("Mul"), DIV("Div"), POW("Pow"), MAX("Max"), MIN("Min"),
    NEG("Neg"), EXP("Exp"), LOG("Log"), SQRT("Sqrt"), TANH("Tanh"), SIGMOID("Sigmoid"), RELU("Relu"),
    ERF("Erf"), ABS("Abs"), COS("Cos"), SIN("Sin"), RECIPROCAL("Reciprocal"), ELU("Elu"),
    LESS("Less"), LESS_OR_EQUAL("LessOrEqual"), GREATER("Greater"), EQUAL("Equal"), AND("And"), NOT("Not"),
    WHERE("Where"), CAST("Cast"),
    REDUCE_SUM("ReduceSum"), REDUCE_MEAN("ReduceMean"), REDUCE_MAX("ReduceMax"), SOFTMAX("Softmax"),
    MATMUL("MatMul"),
    RESHAPE("Reshape"), TRANSPOSE("Transpose"), CONCAT("Concat"), SLICE("Slice"), UNSQUEEZE("Unsqueeze"),
    SQUEEZE("Squeeze"), SHAPE("Shape"), RANGE("Range"), EXPAND("Expand"),
    GATHER("Gather"), GATHER_ELEMENTS("GatherElements"), SCATTER_ELEMENTS("ScatterElements"), TOPK("TopK"),
    IDENTITY("Identity");

    private final String opType;

    OnnxOp(String opType) {
        this.opType = opType;
    }

    String opType() {
        return opType;
    }

    String domain() {
        return "";
    }
}
