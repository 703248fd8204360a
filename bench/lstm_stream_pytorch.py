#!/usr/bin/python3
"""Reference learning curve: the LSTM of `reverie run lstm-smoothness` (seed 001 A.8-A.10) trained
in plain PyTorch (torch.nn.LSTMCell + torch.nn.Linear, autograd, torch.optim.SGD) with the same
protocol, to compare its test-error curve with the one in reverie's results.csv (issue 24).

Everything reverie draws is redrawn here bit for bit (src/core/random.cpp's derive_seed, the
std::mt19937_64 engine, uniform_index and its Fisher-Yates shuffle; torch's CPU generator for
randperm and uniform_, the same LibTorch 1.13), so the same config gives:
  - the same train/test subsets (fixed_subset / balanced_subset, data_seed),
  - the same training stream: one session (category order, within-category orders) per run,
    categories in turn, `repeats` items each (src/stream/smoothness_order.cpp),
  - the same initial weights: Xavier-uniform W_ih, W_hh, readout W from the "init-lstm/mnist"
    generator, in that order; zero biases (LSTMClassifierImpl::xavier_init),
  - the same test: the test set in a stream of the training condition's smoothness
    ("test-orders/mnist"), run from a zero state with the state carried (memory on), error =
    mean over items and outputs of (sigmoid(logit) - one_hot)^2, every train_items / evaluations items,
  - the same training: sigmoid outputs, MSE (mean over the 10 outputs), SGD lr 0.01; truncated
    BPTT "sliding" (one update per item: the last `bptt` items re-run with the current weights
    from the detached state before them, the current item's error backpropagated through all of
    them; the state carried on is the one computed before the update) or "window" (one update per
    `bptt` items on the sum of their errors, state carried across windows).

Writes a CSV of items_seen,test_error,test_accuracy. Step 0 must equal reverie's step-0 row
(same initial weights, same test stream): the script prints it for that check.
Run with Debian's python3-torch, e.g.
  /usr/bin/python3 bench/lstm_stream_pytorch.py --repeats 10 --max-items 25000 --out /tmp/py.csv"""
import argparse
import csv
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_stream import idx_bytes  # noqa: E402

M64 = (1 << 64) - 1


class MT19937_64:
    """std::mt19937_64."""

    def __init__(self, seed):
        self.mt = [0] * 312
        self.mt[0] = seed & M64
        for i in range(1, 312):
            prev = self.mt[i - 1]
            self.mt[i] = (6364136223846793005 * (prev ^ (prev >> 62)) + i) & M64
        self.index = 312

    def _twist(self):
        mt = self.mt
        for i in range(312):
            x = (mt[i] & 0xFFFFFFFF80000000) | (mt[(i + 1) % 312] & 0x7FFFFFFF)
            xa = x >> 1
            if x & 1:
                xa ^= 0xB5026F5AA96619E9
            mt[i] = mt[(i + 156) % 312] ^ xa
        self.index = 0

    def __call__(self):
        if self.index >= 312:
            self._twist()
        y = self.mt[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & M64


def derive_seed(seed, stream):
    h = 1469598103934665603
    for c in stream.encode():
        h = ((h ^ c) * 1099511628211) & M64
    z = (seed + 0x9E3779B97F4A7C15 * (h | 1)) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def uniform_index(engine, n):
    limit = M64 - M64 % n
    while True:
        x = engine()
        if x < limit:
            return x % n


def shuffle(items, engine):
    for i in range(len(items), 1, -1):
        j = uniform_index(engine, i)
        items[i - 1], items[j] = items[j], items[i - 1]


def session_orders(labels, classes, engine):
    category_order = list(range(classes))
    shuffle(category_order, engine)
    within = [[] for _ in range(classes)]
    for i, c in enumerate(labels):
        within[c].append(i)
    for items in within:
        shuffle(items, engine)
    return category_order, within


def repeated_order(session, repeats):
    category_order, within = session
    nxt = [0] * len(within)
    total = sum(len(w) for w in within)
    order = []
    while len(order) < total:
        for c in category_order:
            for _ in range(repeats):
                if nxt[c] < len(within[c]):
                    order.append(within[c][nxt[c]])
                    nxt[c] += 1
    return order


def generator(seed):
    return torch.Generator().manual_seed(seed)


def load(folder, part):
    images = np.frombuffer(idx_bytes(folder, f"{part}-images-idx3-ubyte"), dtype=np.uint8, offset=16).reshape(-1, 784)
    labels = np.frombuffer(idx_bytes(folder, f"{part}-labels-idx1-ubyte"), dtype=np.uint8, offset=8)
    return torch.tensor(images, dtype=torch.float32) / 255.0, torch.tensor(labels, dtype=torch.int64)


def fixed_subset(x, y, count, seed):
    if count <= 0 or count >= len(y):
        return x, y
    chosen = torch.randperm(len(y), generator=generator(seed))[:count].sort().values
    return x[chosen], y[chosen]


def balanced_subset(x, y, count, seed):
    shuffled = torch.randperm(len(y), generator=generator(seed))
    labels = y[shuffled]
    per_class = int(torch.bincount(y, minlength=10).min())
    if count > 0:
        per_class = min(per_class, count // 10)
    parts = [shuffled[(labels == c).nonzero().squeeze(1)][:per_class] for c in range(10)]
    chosen = torch.cat(parts).sort().values
    return x[chosen], y[chosen]


class Net(torch.nn.Module):
    def __init__(self, init_seed):
        super().__init__()
        self.cell = torch.nn.LSTMCell(784, 392)
        self.readout = torch.nn.Linear(392, 10)
        g = generator(init_seed)
        with torch.no_grad():
            for w in (self.cell.weight_ih, self.cell.weight_hh, self.readout.weight):
                bound = (6.0 / (w.size(0) + w.size(1))) ** 0.5
                w.uniform_(-bound, bound, generator=g)
            for b in (self.cell.bias_ih, self.cell.bias_hh, self.readout.bias):
                b.zero_()

    def run(self, items, state, impl):
        """Logits of each item [T x 10] from `state` (None: zeros) and the last state. "cell":
        torch.nn.LSTMCell item by item; "projected": the same equations written out, the input
        projection of the T items one product (the same numbers, ~3x faster)."""
        h, c = state if state is not None else (torch.zeros(1, 392), torch.zeros(1, 392))
        hs = []
        if impl == "cell":
            for t in range(items.size(0)):
                h, c = self.cell(items[t:t + 1], (h, c))
                hs.append(h)
        else:
            cell = self.cell
            projected = torch.nn.functional.linear(items, cell.weight_ih, cell.bias_ih)
            for t in range(items.size(0)):
                gates = projected[t:t + 1] + torch.nn.functional.linear(h, cell.weight_hh, cell.bias_hh)
                i, f, g, o = gates.chunk(4, 1)  # PyTorch's gate order
                c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                h = torch.sigmoid(o) * torch.tanh(c)
                hs.append(h)
        return self.readout(torch.cat(hs)), (h, c)


def mse(logits, labels):
    return torch.nn.functional.mse_loss(torch.sigmoid(logits), torch.nn.functional.one_hot(labels, 10).float())


@torch.no_grad()
def evaluate(net, x, y):
    """The test stream from a zero state, state carried: torch.nn.LSTM with the cell's weights."""
    lstm = torch.nn.LSTM(784, 392)
    for a, b in (("weight_ih_l0", "weight_ih"), ("weight_hh_l0", "weight_hh"), ("bias_ih_l0", "bias_ih"), ("bias_hh_l0", "bias_hh")):
        getattr(lstm, a).copy_(getattr(net.cell, b))
    out, (_, c) = lstm(x.unsqueeze(1))
    logits = net.readout(out.squeeze(1))
    # Diagnostics: how saturated the hidden state is over the test stream, |c| at its end.
    return (mse(logits, y).item(), (logits.argmax(1) == y).double().mean().item(),
            out.abs().mean().item(), c.abs().mean().item(), c.abs().max().item())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--run", type=int, default=0)
    p.add_argument("--data-seed", type=int, default=2021)
    p.add_argument("--repeats", type=int, default=10)
    p.add_argument("--train-items", type=int, default=0, help="0: all 60,000 (config train_items)")
    p.add_argument("--balance-classes", action="store_true")
    p.add_argument("--test-items", type=int, default=0, help="0: all 10,000 (config test_items)")
    p.add_argument("--evaluations", type=int, default=100)
    p.add_argument("--max-items", type=int, default=0, help="stop after this many training items (0: the whole stream)")
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--bptt", type=int, default=10)
    p.add_argument("--update", choices=["sliding", "window"], default="sliding")
    p.add_argument("--data-dir", default=os.environ.get("REVERIE_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "data")))
    p.add_argument("--impl", choices=["projected", "cell"], default="projected")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    torch.set_num_threads(a.threads)

    folder = os.path.join(a.data_dir, "mnist")
    xtr, ytr = load(folder, "train")
    xte, yte = load(folder, "t10k")
    train_seed = derive_seed(a.data_seed, "train/mnist")
    xtr, ytr = balanced_subset(xtr, ytr, a.train_items, train_seed) if a.balance_classes else fixed_subset(xtr, ytr, a.train_items, train_seed)
    xte, yte = fixed_subset(xte, yte, a.test_items, derive_seed(a.data_seed, "test/mnist"))
    eval_every = max(1, len(ytr) // a.evaluations)

    run_seed = derive_seed(a.seed, f"run/{a.run}")
    train_order = repeated_order(session_orders(ytr.tolist(), 10, MT19937_64(derive_seed(run_seed, "orders/mnist"))), a.repeats)
    test_order = repeated_order(session_orders(yte.tolist(), 10, MT19937_64(derive_seed(run_seed, "test-orders/mnist"))), a.repeats)
    x, y = xtr[train_order], ytr[train_order]
    tx, ty = xte[test_order], yte[test_order]
    items = len(y) if a.max_items <= 0 else min(a.max_items, len(y))

    net = Net(derive_seed(run_seed, "init-lstm/mnist"))
    optimizer = torch.optim.SGD(net.parameters(), lr=a.lr)
    rows = [(0, *evaluate(net, tx, ty))]
    print(f"step 0: test_error {rows[0][1]:.9f} accuracy {rows[0][2]:.4f} ({len(y)} training items, eval every {eval_every})", flush=True)
    sliding = a.update == "sliding"
    advance = 1 if sliding else a.bptt
    states = {0: None}  # the detached state before item t
    start_time = time.perf_counter()
    for start in range(0, items, advance):
        end = min(start + advance, items)
        first = max(0, end - a.bptt) if sliding else start
        optimizer.zero_grad()
        logits, (h, c) = net.run(x[first:end], states[first], a.impl)
        if sliding:
            loss = mse(logits[-1:], y[end - 1:end])
        else:
            loss = mse(logits, y[start:end]) * (end - start)
        loss.backward()
        optimizer.step()
        states[end] = (h.detach(), c.detach())
        for k in [k for k in states if k < end - a.bptt]:
            del states[k]
        if end // eval_every > start // eval_every or end == items:
            rows.append((end, *evaluate(net, tx, ty)))
            if len(rows) % 10 == 0 or end == items:
                print(f"{end}: test_error {rows[-1][1]:.5f} accuracy {rows[-1][2]:.4f} "
                      f"|h| {rows[-1][3]:.3f} |c| end {rows[-1][4]:.3f} (max {rows[-1][5]:.2f}) "
                      f"({end / (time.perf_counter() - start_time):.0f} items/s)", flush=True)
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["items_seen", "test_error", "test_accuracy", "test_h_abs_mean", "test_end_c_abs_mean", "test_end_c_abs_max"])
        for r in rows:
            w.writerow([r[0], f"{r[1]:.9g}", f"{r[2]:.6g}", *(f"{v:.4g}" for v in r[3:])])


if __name__ == "__main__":
    main()
