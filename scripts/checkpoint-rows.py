#!/usr/bin/env python3
"""What a run's checkpoint holds so far: its epoch and the tidy rows measured up to it (run,
condition, step, metric, value; image pixels left out), read with PyTorch, which loads reverie's
checkpoints (a CUDA one too, onto the CPU). For watching a long run, or keeping the measurements of
one that cannot finish where it runs.
Usage: python3 scripts/checkpoint-rows.py OUT/.checkpoints/run-0000.pt [more.pt ...]
Writes each as OUT/checkpoint-rows-NNNN.tsv beside the output folder's results and prints a line each."""
import io
import os
import re
import sys
import zlib

import torch


def sealed_content(path):
    """The checkpoint's bytes without their seal line, checked against its CRC-32 (core/sealed_file.h)."""
    data = open(path, "rb").read()
    at = data.rfind(b"\n#reverie-sealed bytes=")
    seal = re.fullmatch(rb"\n#reverie-sealed bytes=(\d+) crc32=([0-9a-f]{8})\n", data[at:]) if at >= 0 else None
    if not seal or int(seal[1]) != at or zlib.crc32(data[:at]) != int(seal[2], 16):
        sys.exit(f"{path}: not an intact reverie checkpoint (no seal, or its checksum does not match)")
    return data[:at]


for path in sys.argv[1:]:
    checkpoint = torch.jit.load(io.BytesIO(sealed_content(path)), map_location="cpu")
    rows = [r for r in checkpoint.rows.splitlines() if "\tpixel\t" not in r]
    run = os.path.basename(path).removeprefix("run-").removesuffix(".pt")
    out = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(path))), f"checkpoint-rows-{run}.tsv")
    with open(out, "w") as f:
        f.write(f"# stage {checkpoint.stage}, epoch {checkpoint.epoch}\nrun\tcondition\tstep\tmetric\tvalue\n")
        f.write("\n".join(rows) + "\n")
    print(f"{path}: stage {checkpoint.stage}, epoch {checkpoint.epoch}, {len(rows)} rows -> {out}")
