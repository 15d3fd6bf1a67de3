#!/usr/bin/env python3
"""Writes two tiny ONNX test fixtures for the `tensor` task (opset 13, IR version 8).

tensor-types/1/  Identity for every datatype zerocold serves: inputs fp32 FLOAT, fp64 DOUBLE,
                 int8 INT8, int16 INT16, int32 INT32, int64 INT64, uint8 UINT8, bool BOOL,
                 text STRING, each [batch, 2]; output <name>_out = Identity(<name>).
tensor-fixed/1/  Fixed shape, not batchable: y FLOAT [2, 3] = x FLOAT [2, 3] * 2.

Each directory gets model.onnx and model.yaml. The output is byte-identical across runs.

Usage: /usr/bin/python3 src/test/resources/registry/tensor-types/make.py
Needs: apt-get install python3-onnx python3-numpy
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
IR_VERSION = 8
REGISTRY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TYPES = [("fp32", TensorProto.FLOAT), ("fp64", TensorProto.DOUBLE), ("int8", TensorProto.INT8),
         ("int16", TensorProto.INT16), ("int32", TensorProto.INT32), ("int64", TensorProto.INT64),
         ("uint8", TensorProto.UINT8), ("bool", TensorProto.BOOL), ("text", TensorProto.STRING)]

YAML = """\
# Written by {script}: do not edit by hand.
framework: onnx
task: tensor
description: "{description}"
settings:
  artifact: model.onnx
"""


def finish(graph, name, description):
    model = helper.make_model(graph, producer_name="zerocold tensor fixtures",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model, full_check=True)
    out = os.path.join(REGISTRY, name, "1")
    os.makedirs(out, exist_ok=True)
    onnx.save(model, os.path.join(out, "model.onnx"))
    with open(os.path.join(out, "model.yaml"), "w") as f:
        f.write(YAML.format(script="src/test/resources/registry/tensor-types/make.py",
                            description=description))
    return model


def tensor_types():
    nodes = [helper.make_node("Identity", [n], [n + "_out"], name=n + "_identity") for n, _ in TYPES]
    graph = helper.make_graph(
        nodes, "tensor_types",
        inputs=[helper.make_tensor_value_info(n, t, ["batch", 2]) for n, t in TYPES],
        outputs=[helper.make_tensor_value_info(n + "_out", t, ["batch", 2]) for n, t in TYPES])
    return finish(graph, "tensor-types", "Test fixture: Identity for every datatype")


def tensor_fixed():
    two = numpy_helper.from_array(np.array(2.0, dtype=np.float32), "two")
    graph = helper.make_graph(
        [helper.make_node("Mul", ["x", "two"], ["y"], name="double")], "tensor_fixed",
        inputs=[helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
        outputs=[helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])],
        initializer=[two])
    return finish(graph, "tensor-fixed", "Test fixture: fixed shape, not batchable")


if __name__ == "__main__":
    for model in (tensor_types(), tensor_fixed()):
        print(model.graph.name, "ok")
