#!/usr/bin/python3
"""Reference: batch-1 SGD of the 784-392-10 network in PyTorch, the same loop as
bench/mlp_batch1_bench.cpp (sigmoid outputs, mean-squared error, lr 0.01, one thread), either
memoryless ("plain") or with leaky memory (alpha 0.5, gradient as through a plain ReLU) and a
reset at every category change of a 5-repeat stream ("leaky-reset", seed 001 Fig. 2C).
Run with Debian's python3-torch: /usr/bin/python3 bench/mlp_batch1.py [plain|leaky-reset] [repeats]"""
import sys
import time

import torch

from mnist_stream import five_repeat_order, training_items

STEPS = 2000
torch.set_num_threads(1)


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "plain"
    x, y = training_items(STEPS)
    if mode == "leaky-reset":
        order = torch.tensor(five_repeat_order(y.tolist()))
        x, y = x[order], y[order]
    targets = torch.nn.functional.one_hot(y, 10).float()
    model = torch.nn.Sequential(torch.nn.Linear(784, 392), torch.nn.ReLU(), torch.nn.Linear(392, 10))
    for layer in (model[0], model[2]):
        torch.nn.init.xavier_uniform_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.MSELoss()
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        previous = None
        for i in range(STEPS):
            optimizer.zero_grad()
            hidden = model[1](model[0](x[i:i + 1]))
            if mode == "leaky-reset":
                if i > 0 and y[i] == y[i - 1]:
                    leaky = 0.5 * previous + 0.5 * hidden
                    hidden = leaky.detach() + hidden - hidden.detach()
                previous = hidden.detach()
            loss_fn(torch.sigmoid(model[2](hidden)), targets[i:i + 1]).backward()
            optimizer.step()
        best = max(best, STEPS / (time.perf_counter() - start))
    print(f"pytorch_steps_per_second {best:.1f}")


if __name__ == "__main__":
    main()
