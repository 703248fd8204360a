#!/usr/bin/env python3
"""What a run's checkpoint holds so far: its epoch and the tidy rows measured up to it (run,
condition, step, metric, value; image pixels left out), read with PyTorch, which loads reverie's
checkpoints (a CUDA one too, onto the CPU). For watching a long run, or keeping the measurements of
one that cannot finish where it runs.
Usage: python3 scripts/checkpoint-rows.py OUT/.checkpoints/run-0000.pt [more.pt ...]
Writes each as OUT/checkpoint-rows-NNNN.tsv beside the output folder's results and prints a line each."""
import os
import sys

import torch

for path in sys.argv[1:]:
    checkpoint = torch.jit.load(path, map_location="cpu")
    rows = [r for r in checkpoint.rows.splitlines() if "\tpixel\t" not in r]
    run = os.path.basename(path).removeprefix("run-").removesuffix(".pt")
    out = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(path))), f"checkpoint-rows-{run}.tsv")
    with open(out, "w") as f:
        f.write(f"# stage {checkpoint.stage}, epoch {checkpoint.epoch}\nrun\tcondition\tstep\tmetric\tvalue\n")
        f.write("\n".join(rows) + "\n")
    print(f"{path}: stage {checkpoint.stage}, epoch {checkpoint.epoch}, {len(rows)} rows -> {out}")
