#!/usr/bin/env python3
"""Trains the zerocold tabular model: logistic regression on Breast Cancer Wisconsin, as ONNX.

Reads scikit-learn's bundled copy of the Breast Cancer Wisconsin (Diagnostic) data set (569 rows,
30 float features, no download), makes a fixed stratified 80/20 train/held-out split, fits
StandardScaler + LogisticRegression and writes the same math as a plain ONNX graph built with
onnx.helper (opset 13, IR version 8):

    features [batch, 30] -> Sub(mean) -> Div(scale) -> MatMul(W [30, 2]) -> Add(b [2]) = logits
    logits -> Softmax(axis=1) -> probabilities [batch, 2]      (0 = malignant, 1 = benign)
    logits -> ArgMax(axis=1, keepdims=0) -> label [batch] INT64

Outputs: models/tabular/1/{model.onnx, metrics.json} and the held-out rows as
models/datasets/breast-cancer/test.csv. There is no ONNX Runtime for Python in Debian, so the
script checks the graph with onnx.checker and recomputes its math in float32 numpy from the
exported initializers; the predicted labels must equal scikit-learn's.

Usage: /usr/bin/python3 models/tabular/train.py
Needs: apt-get install python3-onnx python3-sklearn python3-numpy
"""
import json
import os

import numpy as np
import onnx
import sklearn
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

SEED = 19951101
TEST_SIZE = 0.2
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT_DIR = os.path.join(HERE, "1")
DATA_DIR = os.path.join(ROOT, "models", "datasets", "breast-cancer")
OPSET = 13
IR_VERSION = 8  # ONNX 1.10+; read by every ONNX Runtime since 1.10
LABELS = ["malignant", "benign"]  # scikit-learn's target encoding


def f32_text(value):
    """Shortest decimal that parses back to exactly this float32 (e.g. 17.99, 0.1184, 1001)."""
    return np.format_float_positional(np.float32(value), unique=True, trim="-")


def build_graph(mean, scale, weights, bias, n_features):
    inits = [
        numpy_helper.from_array(mean.astype(np.float32), "mean"),
        numpy_helper.from_array(scale.astype(np.float32), "scale"),
        numpy_helper.from_array(weights.astype(np.float32), "W"),
        numpy_helper.from_array(bias.astype(np.float32), "b"),
    ]
    nodes = [
        helper.make_node("Sub", ["features", "mean"], ["centred"], name="center"),
        helper.make_node("Div", ["centred", "scale"], ["standardised"], name="standardise"),
        helper.make_node("MatMul", ["standardised", "W"], ["scores"], name="matmul"),
        helper.make_node("Add", ["scores", "b"], ["logits"], name="bias"),
        helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1),
        helper.make_node("ArgMax", ["logits"], ["label"], name="argmax", axis=1, keepdims=0),
    ]
    graph = helper.make_graph(
        nodes, "breast_cancer_logreg",
        inputs=[helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", n_features])],
        outputs=[
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", len(LABELS)]),
            helper.make_tensor_value_info("label", TensorProto.INT64, ["batch"]),
        ],
        initializer=inits,
        doc_string="StandardScaler + LogisticRegression on the 30 Breast Cancer Wisconsin "
                   "(Diagnostic) features; classes 0 = malignant, 1 = benign",
    )
    model = helper.make_model(graph, producer_name="zerocold models/tabular/train.py",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    helper.set_model_props(model, {"labels": ",".join(LABELS)})
    onnx.checker.check_model(model, full_check=True)
    return model


def reference(model, x):
    """The graph's math in float32 numpy, from the initializers stored in the model."""
    w = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    logits = ((x.astype(np.float32) - w["mean"]) / w["scale"]) @ w["W"] + w["b"]
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True), logits.argmax(axis=1).astype(np.int64)


def main():
    data = load_breast_cancer()
    x, y = data.data, data.target
    names = list(data.feature_names)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=TEST_SIZE, stratify=y, random_state=SEED)

    # The served model sees float32: train and evaluate on the float32 values too.
    x_train = x_train.astype(np.float32).astype(np.float64)
    x_test = x_test.astype(np.float32).astype(np.float64)

    scaler = StandardScaler().fit(x_train)
    clf = LogisticRegression(C=1.0, max_iter=1000).fit(scaler.transform(x_train), y_train)
    assert list(clf.classes_) == [0, 1]
    sk_pred = clf.predict(scaler.transform(x_test))
    sk_proba = clf.predict_proba(scaler.transform(x_test))
    accuracy = float((sk_pred == y_test).mean())

    # Binary logistic regression has one score z; logits [-z/2, z/2] give softmax = sigmoid(z).
    z_w, z_b = clf.coef_[0], clf.intercept_[0]
    weights = np.stack([-z_w / 2, z_w / 2], axis=1)
    bias = np.array([-z_b / 2, z_b / 2])
    model = build_graph(scaler.mean_, scaler.scale_, weights, bias, len(names))

    proba, label = reference(model, x_test)
    assert np.array_equal(label, sk_pred), "ONNX math disagrees with scikit-learn"
    max_diff = float(np.abs(proba - sk_proba).max())
    assert max_diff < 1e-4, max_diff
    onnx_accuracy = float((label == y_test).mean())
    assert onnx_accuracy == accuracy

    os.makedirs(OUT_DIR, exist_ok=True)
    onnx.save(model, os.path.join(OUT_DIR, "model.onnx"))
    os.makedirs(DATA_DIR, exist_ok=True)
    with open(os.path.join(DATA_DIR, "test.csv"), "w", newline="\n") as out:
        out.write(",".join(names + ["label"]) + "\n")
        for row, target in zip(x_test, y_test):
            cells = [f32_text(v) for v in row]
            assert all(np.float32(c) == np.float32(v) for c, v in zip(cells, row))
            out.write(",".join(cells + [str(int(target))]) + "\n")

    metrics = {
        "dataset": "breast-cancer-wisconsin-diagnostic",
        "labels": LABELS,
        "n_train": int(len(y_train)),
        "n_test": int(len(y_test)),
        "test_accuracy": round(accuracy, 4),
        "test_correct": int((sk_pred == y_test).sum()),
        "onnx_reference_accuracy": round(onnx_accuracy, 4),
        "max_probability_diff_vs_sklearn": float(f"{max_diff:.3g}"),
        "model": "StandardScaler + LogisticRegression(C=1.0, lbfgs)",
        "seed": SEED,
        "split": "stratified 80/20 (sklearn train_test_split)",
        "sklearn_version": sklearn.__version__,
        "onnx_version": onnx.__version__,
        "numpy_version": np.__version__,
        "onnx_opset": OPSET,
        "onnx_ir_version": IR_VERSION,
    }
    with open(os.path.join(OUT_DIR, "metrics.json"), "w") as out:
        json.dump(metrics, out, indent=2)
        out.write("\n")
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main()
