#!/usr/bin/python3
"""Reference: truncated-BPTT SGD of the 784-392-10 LSTM in PyTorch, the same loop as
bench/lstm_stream_bench.cpp: MNIST digits in a 5-repeat stream, one update per item through the
last 10 items re-run from the (detached) state before them, the current item's error (sigmoid
outputs, mean-squared error) backpropagated, SGD lr 0.01, one thread. Two ways a PyTorch user
would write the window: an LSTMCell loop ("cell") or torch.nn.LSTM over the window ("lstm").
Run with Debian's python3-torch: /usr/bin/python3 bench/lstm_stream.py [cell|lstm]"""
import sys
import time

import torch

from mnist_stream import five_repeat_order, training_items

ITEMS = 300
WINDOW = 10
torch.set_num_threads(1)


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
