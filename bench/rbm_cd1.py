#!/usr/bin/python3
"""Reference: one CD-1 epoch of the 784x1000 RBM in PyTorch, the same loop as
bench/rbm_cd1_bench.cpp (batch 125, lr 0.1, momentum 0.5, weight decay 0.0002 on the weights,
visible probabilities in the negative phase, reconstruction error summed), one thread, on the
setup's 60,000 MNIST training digits. Run with Debian's python3-torch:
/usr/bin/python3 bench/rbm_cd1.py [repeats] [cpu|cuda]"""
import sys
import time

import torch

from mnist_stream import training_items

ROWS, VISIBLE, HIDDEN, BATCH = 60000, 784, 1000, 125
LR, MOMENTUM, DECAY = 0.1, 0.5, 0.0002
torch.set_num_threads(1)


def training_rows():
    x = training_items(ROWS)[0]
    return x.repeat((ROWS + x.shape[0] - 1) // x.shape[0], 1)[:ROWS].contiguous()


def epoch(data, w, bv, bh, incs, g):
    w_inc, bv_inc, bh_inc = incs
    order = torch.randperm(data.shape[0], generator=g).to(data.device)
    squared_error = 0.0
    for start in range(0, data.shape[0], BATCH):
        v = data.index_select(0, order[start:start + BATCH])
        ph = torch.sigmoid(torch.addmm(bh, v, w))
        # A CPU generator cannot draw on a GPU: there the device's own (as reverie does).
        sample = torch.bernoulli(ph, generator=g) if ph.is_cpu else torch.bernoulli(ph)
        nv = torch.sigmoid(torch.addmm(bv, sample, w.t()))
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
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    device = torch.device(sys.argv[2] if len(sys.argv) > 2 else "cpu")
    data = training_rows().to(device)
    g = torch.Generator().manual_seed(7)
    w = (torch.randn(VISIBLE, HIDDEN, generator=g) * 0.1).to(device)
    bv, bh = torch.zeros(VISIBLE, device=device), torch.zeros(HIDDEN, device=device)
    incs = (torch.zeros_like(w), torch.zeros_like(bv), torch.zeros_like(bh))
    with torch.no_grad():
        epoch(data, w, bv, bh, incs, g)  # warm-up (on a GPU: its kernels and memory pool)
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(epochs):
            epoch(data, w, bv, bh, incs, g)
        wall, cpu = (time.perf_counter() - wall) / epochs, (time.process_time() - cpu) / epochs
    flops = 5 * 2 * BATCH * VISIBLE * HIDDEN * (ROWS // BATCH)
    # CPU time, like Google Benchmark's default: on a shared machine wall time also counts waiting.
    print(f"cpu_seconds {cpu:.3f} wall_seconds {wall:.3f} gflop_per_cpu_s {flops / cpu * 1e-9:.1f}")


if __name__ == "__main__":
    main()
