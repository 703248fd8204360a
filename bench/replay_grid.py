#!/usr/bin/python3
"""Reference: seed 002's noise-optimum grid search in PyTorch, the same computation as
bench/replay_grid_bench.cpp: 10,000 replay chains of 25 steps of a 15-32-15 autoencoder (eval
mode), N(mu, sigma^2) noise, clamp, nearest-item classes, transition matrix, (A - S) objective;
3 x 3 grid points per repetition, one thread. Prints grid points per second.
Run with Debian's python3-torch: /usr/bin/python3 bench/replay_grid.py [REPETITIONS [DEVICE]]; with
DEVICE cuda (a CUDA PyTorch) it measures whether replay's chain sampling would gain from a GPU."""
import sys
import time

import torch

torch.set_num_threads(1)
CHAINS, STEPS = 10000, 25


def items():
    x = torch.zeros(8, 15)
    shared = [[1, 0, 1, 0, 0, 1, 0]] * 2 + [[1, 0, 1, 0, 0, 0, 1]] * 2 + [[1, 1, 0, 0, 1, 0, 0]] * 2 + [[1, 1, 0, 1, 0, 0, 0]] * 2
    x[:, :7] = torch.tensor(shared, dtype=torch.float32)
    x[:, 7:] = torch.eye(8)
    return x


def main():
    device = torch.device(sys.argv[2] if len(sys.argv) > 2 else "cpu")
    x = items().to(device)
    c = torch.corrcoef(x.double())
    target = (c - c.min()) / (c.max() - c.min())
    g = torch.Generator(device=device).manual_seed(5)
    model = torch.nn.Sequential(torch.nn.Linear(15, 32), torch.nn.ReLU(), torch.nn.Linear(32, 15), torch.nn.Sigmoid()).to(device)
    model.eval()
    k = x.shape[0]
    norms = x.pow(2).sum(1)

    def grid_point(mu, sigma):
        with torch.no_grad():
            s = torch.rand(CHAINS, 15, generator=g, device=device)
            classes = []
            for _ in range(STEPS):
                y = model(s)
                y = y + torch.empty_like(y).normal_(mu, sigma, generator=g)
                s = y.clamp(0, 1)
                classes.append((norms.unsqueeze(0) - 2 * s @ x.t()).argmin(1))
            cl = torch.stack(classes, 1)
            pairs = cl[:, :-1] * k + cl[:, 1:]
            counts = torch.bincount(pairs.reshape(-1), minlength=k * k).view(k, k).double()
            sums = counts.sum(1, keepdim=True)
            a = torch.where(sums > 0, counts / sums.clamp_min(1e-300), torch.zeros_like(counts))
            return ((a - target) ** 2).sum().item()

    grid_point(0.0, 0.5)  # warm-up: a GPU's first kernels include its start-up
    best = 0.0
    for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        start = time.perf_counter()
        for mu in (-0.1, 0.0, 0.1):
            for sigma in (0.25, 0.5, 0.75):
                grid_point(mu, sigma)
        best = max(best, 9 / (time.perf_counter() - start))
    print("points_per_second", f"{best:.2f}")


if __name__ == "__main__":
    main()
