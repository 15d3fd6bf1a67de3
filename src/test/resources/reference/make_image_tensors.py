#!/usr/bin/env python3
"""Writes the input tensors an image model should get for sample images, computed with Pillow and
NumPy from the model's declared preprocessing, as an independent reference for the server's own
preprocessing (V2ResourceTest sends them as FP32 tensors and compares the answers with those for
the encoded images).

For each (image, model) pair below it writes <name>.json beside this script:
  {"image": ..., "model": ..., "datatype": "FP32", "shape": [1, C, H, W] or [1, H, W, C], "data": [...]}

The steps follow the preprocessing block of model.yaml (see ImagePreprocessing): alpha composited
onto the background; grey as luminance 0.299 R + 0.587 G + 0.114 B (a grey image's own values);
each channel stretched to width x height with Pillow's filter of that name on float pixels (not
at all when the size already matches); optionally inverted (255 - v); (v * scale - mean[c]) /
std[c]; laid out as NCHW or NHWC. Floats are written with 9 significant digits, enough to give back
each float32 exactly.

Usage: /usr/bin/python3 src/test/resources/reference/make_image_tensors.py   (from the repository root)
Needs: apt-get install python3-pil python3-numpy python3-yaml
"""
import json
import os

import numpy as np
import yaml
from PIL import Image

SAMPLES = [("fashion-mnist-test-0", "benchmarks/data/fashion-mnist-test-0.png", "models/image/1")]
FILTERS = {"bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC, "nearest": Image.NEAREST}
HERE = os.path.dirname(os.path.abspath(__file__))


def channels(image, spec):
    """The image as float planes in 0..255: one (grey) or three in the tensor's channel order."""
    color = spec["color"].lower()
    if image.mode in ("L", "I;16") and color == "grey":
        bits = 8 if image.mode == "L" else 16
        return [np.asarray(image, dtype=np.float64) * (255.0 / (2 ** bits - 1))]
    background = spec.get("background", "#000000").lstrip("#")
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float64)
    alpha = rgba[..., 3:4] / 255.0
    bg = np.array([int(background[i:i + 2], 16) for i in (0, 2, 4)], dtype=np.float64)
    rgb = rgba[..., :3] * alpha + bg * (1 - alpha)
    if color == "grey":
        return [0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]]
    order = [0, 1, 2] if color == "rgb" else [2, 1, 0]
    return [rgb[..., c] for c in order]


def tensor(image_path, model_dir):
    with open(os.path.join(model_dir, "model.yaml")) as f:
        spec = yaml.safe_load(f)["settings"]["preprocessing"]
    width, height = spec["width"], spec["height"]
    planes = []
    for plane in channels(Image.open(image_path), spec):
        if plane.shape != (height, width):
            resample = FILTERS[spec.get("resize", "bilinear").lower()]
            plane = np.asarray(Image.fromarray(plane.astype(np.float32), "F").resize((width, height), resample),
                               dtype=np.float64)
        planes.append(np.clip(plane, 0, 255))
    out = []
    for c, plane in enumerate(planes):
        if spec.get("invert", False):
            plane = 255.0 - plane
        out.append((plane * spec["scale"] - spec["mean"][c]) / spec["std"][c])
    stacked = np.stack(out)  # C, H, W
    if spec.get("layout", "NCHW").upper() == "NHWC":
        stacked = stacked.transpose(1, 2, 0)
    return stacked[np.newaxis].astype(np.float32)


def main():
    for name, image_path, model_dir in SAMPLES:
        values = tensor(image_path, model_dir)
        document = {"image": image_path, "model": model_dir, "datatype": "FP32", "shape": list(values.shape),
                    "data": [float("%.9g" % v) for v in values.ravel()]}
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump(document, f, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
