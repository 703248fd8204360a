"""The benchmarks' shared inputs: the setup's first MNIST training digits (uniform noise when the
setup has not run) and the 5-repeat stream of the C++ benchmarks."""
import gzip
import os

import numpy as np
import torch


def idx_bytes(folder, name):
    """An IDX file as the C++ reader finds it: NAME or NAME.gz."""
    path = os.path.join(folder, name)
    with (gzip.open(path + ".gz", "rb") if os.path.exists(path + ".gz") else open(path, "rb")) as f:
        return f.read()


def training_items(n):
    """The first n MNIST training digits from REVERIE_DATA_DIR/mnist (as the C++ benchmarks), else the setup's data/mnist."""
    data = os.environ.get("REVERIE_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "data"))
    folder = os.path.join(data, "mnist")
    try:
        images = np.frombuffer(idx_bytes(folder, "train-images-idx3-ubyte"), dtype=np.uint8, offset=16).reshape(-1, 784)[:n]
        labels = np.frombuffer(idx_bytes(folder, "train-labels-idx1-ubyte"), dtype=np.uint8, offset=8)[:n]
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
