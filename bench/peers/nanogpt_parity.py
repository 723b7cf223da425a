#!/usr/bin/python3
"""Checks that bench/peers/nanogpt_char.py computes the same function as lm.train's model.

First write a float64 model, a batch, its loss and gradients from NeuroThermo:

    dotnet bench/NeuroThermo.Benchmarks/bin/Release/net10.0/NeuroThermo.Benchmarks.dll side-by-side --only lm-parity
    /usr/bin/python3 bench/peers/nanogpt_parity.py [artifacts/bench/lm-parity]

This loads the same weights into the peer's model, recomputes loss and gradients in PyTorch, and prints the
largest relative difference per tensor; it exits with 1 if any exceeds 1e-12.
"""

import json
import os
import struct
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nanogpt_char as peer  # noqa: E402

TOLERANCE = 1e-12
DTYPES = {"F64": torch.float64, "F32": torch.float32, "I64": torch.int64}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    length = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + length])
    body = data[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(body[start:end]), dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
    return tensors


def peer_name(ours):
    fixed = {"tokenEmbedding.weight": "tokens.weight", "positionEmbedding.weight": "positions.weight",
             "finalNorm.weight": "norm.weight", "finalNorm.bias": "norm.bias", "outputLayer.weight": "head.weight"}
    if ours in fixed:
        return fixed[ours]
    _, layer, *rest = ours.split(".")
    parts = {"attentionNorm": "norm1", "attention.queryKeyValue": "qkv", "attention.output": "proj",
             "feedForwardNorm": "norm2", "feedForward.expand": "up", "feedForward.project": "down"}
    return f"blocks.{layer}.{parts['.'.join(rest[:-1])]}.{rest[-1]}"


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "artifacts/bench/lm-parity"
    weights = read_safetensors(os.path.join(folder, "weights.safetensors"))
    # The peer's three free fields follow the weights it is given: biases and an output layer of its own or not.
    peer.BIAS = any(name.endswith(".bias") for name in weights)
    peer.TIED = "outputLayer.weight" not in weights
    ours = read_safetensors(os.path.join(folder, "gradients.safetensors"))
    torch.set_default_dtype(torch.float64)
    model = peer.CharGpt(weights["tokenEmbedding.weight"].shape[0])
    result = model.load_state_dict({peer_name(k): v for k, v in weights.items()}, strict=False)
    if result.unexpected_keys or [k for k in result.missing_keys if not k.endswith(".mask")]:
        sys.exit(f"the peer's model does not match the weights: {result}")
    loss = model.loss(ours["inputs"], ours["targets"])
    loss.backward()
    parameters = dict(model.named_parameters())
    worst = abs(loss.item() - ours["loss"].item()) / abs(loss.item())
    print(f"loss ours {ours['loss'].item():.17g} peer {loss.item():.17g}")
    for name in weights:
        theirs = parameters[peer_name(name)].grad
        difference = ((ours[name] - theirs).abs().max() / theirs.abs().max()).item()
        worst = max(worst, difference)
        print(f"{name:45s} {difference:.1e}")
    print(f"lm_parity_max_relative_difference {worst:.3e}")
    sys.exit(0 if worst <= TOLERANCE else 1)


if __name__ == "__main__":
    main()
