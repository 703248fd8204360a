#!/usr/bin/python3
"""Reference: one CD-1 epoch of the 784x1000 RBM in PyTorch, the same loop as
bench/rbm_cd1_bench.cpp (batch 125, lr 0.1, momentum 0.5, weight decay 0.0002 on the weights,
visible probabilities in the negative phase, reconstruction error summed), one thread, on the
setup's 60,000 MNIST training digits. Run with Debian's python3-torch:
/usr/bin/python3 bench/rbm_cd1.py [repeats]"""
import os
import sys
import time

import numpy as np
import torch

ROWS, VISIBLE, HIDDEN, BATCH = 60000, 784, 1000, 125
LR, MOMENTUM, DECAY = 0.1, 0.5, 0.0002
torch.set_num_threads(1)


def training_rows():
    path = os.path.join(os.path.dirname(__file__), "..", "data", "mnist", "train-images-idx3-ubyte")
    try:
        with open(path, "rb") as f:
            digits = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, VISIBLE)
        x = torch.tensor(digits, dtype=torch.float32) / 255.0
        return x.repeat((ROWS + x.shape[0] - 1) // x.shape[0], 1)[:ROWS].contiguous()
    except OSError:
        return torch.rand(ROWS, VISIBLE, generator=torch.Generator().manual_seed(1))


def epoch(data, w, bv, bh, incs, g):
    w_inc, bv_inc, bh_inc = incs
    order = torch.randperm(data.shape[0], generator=g)
    squared_error = 0.0
    for start in range(0, data.shape[0], BATCH):
        v = data.index_select(0, order[start:start + BATCH])
        ph = torch.sigmoid(torch.addmm(bh, v, w))
        nv = torch.sigmoid(torch.addmm(bv, torch.bernoulli(ph, generator=g), w.t()))
        nh = torch.sigmoid(torch.addmm(bh, nv, w))
        gw = torch.mm(v.t(), ph).addmm_(nv.t(), nh, beta=1.0, alpha=-1.0).div_(v.shape[0])
        gbv = (v - nv).mean(0)
        gbh = (ph - nh).mean(0)
        squared_error += (v - nv).square().sum().item()
        w_inc.mul_(MOMENTUM).add_(gw.sub_(w, alpha=DECAY), alpha=LR)
        bv_inc.mul_(MOMENTUM).add_(gbv, alpha=LR)
        bh_inc.mul_(MOMENTUM).add_(gbh, alpha=LR)
        w.add_(w_inc)
        bv.add_(bv_inc)
        bh.add_(bh_inc)
    return (squared_error / data.numel()) ** 0.5


def main():
    data = training_rows()
    g = torch.Generator().manual_seed(7)
    w = torch.randn(VISIBLE, HIDDEN, generator=g) * 0.1
    bv, bh = torch.zeros(VISIBLE), torch.zeros(HIDDEN)
    incs = (torch.zeros_like(w), torch.zeros_like(bv), torch.zeros_like(bh))
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with torch.no_grad():
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(epochs):
            epoch(data, w, bv, bh, incs, g)
        wall, cpu = (time.perf_counter() - wall) / epochs, (time.process_time() - cpu) / epochs
    flops = 5 * 2 * BATCH * VISIBLE * HIDDEN * (ROWS // BATCH)
    # CPU time, like Google Benchmark's default: on a shared machine wall time also counts waiting.
    print(f"cpu_seconds {cpu:.3f} wall_seconds {wall:.3f} gflop_per_cpu_s {flops / cpu * 1e-9:.1f}")


if __name__ == "__main__":
    main()
