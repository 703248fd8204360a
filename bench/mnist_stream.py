"""The benchmarks' shared inputs: the setup's first MNIST training digits (uniform noise when the
setup has not run) and the 5-repeat stream of the C++ benchmarks."""
import os

import numpy as np
import torch


def training_items(n):
    folder = os.path.join(os.path.dirname(__file__), "..", "data", "mnist")
    try:
        with open(os.path.join(folder, "train-images-idx3-ubyte"), "rb") as f:
            images = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784)[:n]
        with open(os.path.join(folder, "train-labels-idx1-ubyte"), "rb") as f:
            labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)[:n]
        return torch.tensor(images, dtype=torch.float32) / 255.0, torch.tensor(labels, dtype=torch.int64)
    except OSError:
        g = torch.Generator().manual_seed(1)
        return torch.rand(n, 784, generator=g), torch.randint(10, (n,), generator=g)


def five_repeat_order(labels, repeats=5):
    """Categories 0..9 in turn, `repeats` items each, items in index order (as the C++ benchmarks)."""
    per_class = [[i for i in range(len(labels)) if labels[i] == c] for c in range(10)]
    order, taken = [], [0] * 10
    while len(order) < len(labels):
        for c in range(10):
            order += per_class[c][taken[c]:taken[c] + repeats]
            taken[c] = min(taken[c] + repeats, len(per_class[c]))
    return order
