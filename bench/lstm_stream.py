#!/usr/bin/python3
"""Reference: truncated-BPTT SGD of the 784-392-10 LSTM in PyTorch, the same loop as
bench/lstm_stream_bench.cpp: MNIST digits in a 5-repeat stream, one update per item through the
last 10 items re-run from the (detached) state before them, the current item's error (sigmoid
outputs, mean-squared error) backpropagated, SGD lr 0.01, one thread. Two ways a PyTorch user
would write the window: an LSTMCell loop ("cell") or torch.nn.LSTM over the window ("lstm").
Run with Debian's python3-torch: /usr/bin/python3 bench/lstm_stream.py [cell|lstm]"""
import os
import sys
import time

import numpy as np
import torch

ITEMS = 300
WINDOW = 10
torch.set_num_threads(1)


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
    per_class = [[i for i in range(len(labels)) if labels[i] == c] for c in range(10)]
    order, taken = [], [0] * 10
    while len(order) < len(labels):
        for c in range(10):
            order += per_class[c][taken[c]:taken[c] + repeats]
            taken[c] = min(taken[c] + repeats, len(per_class[c]))
    return order


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "cell"
    x, y = training_items(ITEMS)
    order = torch.tensor(five_repeat_order(y.tolist()))
    x, y = x[order], y[order]
    targets = torch.nn.functional.one_hot(y, 10).float()
    recurrent = torch.nn.LSTMCell(784, 392) if mode == "cell" else torch.nn.LSTM(784, 392)
    readout = torch.nn.Linear(392, 10)
    params = list(recurrent.parameters()) + list(readout.parameters())
    optimizer = torch.optim.SGD(params, lr=0.01)
    loss_fn = torch.nn.MSELoss()
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        states = {0: None}  # the detached state before item t
        for end in range(1, ITEMS + 1):
            first = max(0, end - WINDOW)
            optimizer.zero_grad()
            state = states[first]
            if mode == "cell":
                h, c = state if state is not None else (torch.zeros(1, 392), torch.zeros(1, 392))
                for t in range(first, end):
                    h, c = recurrent(x[t:t + 1], (h, c))
            else:
                hc = None if state is None else (state[0].unsqueeze(0), state[1].unsqueeze(0))
                out, (h, c) = recurrent(x[first:end].unsqueeze(1), hc)
                h, c = h[0], c[0]
            loss = loss_fn(torch.sigmoid(readout(h)), targets[end - 1:end])
            loss.backward()
            optimizer.step()
            states[end] = (h.detach(), c.detach())
            states.pop(end - WINDOW - 1, None)
        best = max(best, ITEMS / (time.perf_counter() - start))
    print(f"{mode}: {best:.1f} steps/s")


if __name__ == "__main__":
    main()
