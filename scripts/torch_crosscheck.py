#!/usr/bin/env python3
"""Cross-check `gridtheory loss` against an independent PyTorch implementation.

Given a gridtheory checkpoint (a run folder or its checkpoint/ folder) this script
  1. writes a random batch (velocity, init_targets, targets, positions) as .npy files,
  2. runs `gridtheory loss --checkpoint CKPT --batch B --gradients G --precision P --format json`,
  3. builds the same network in PyTorch from the checkpoint's .npy weights (torch.nn.LSTM and
     torch.nn.GRU with the weights copied in; the NFL RNN and the UGRNN written out with torch
     ops), computes the loss (softmax cross-entropy or MSE, plus weight_decay * sum(W_hh^2)) and
     its gradients with autograd,
  4. compares the loss and every gradient, and exits 1 on a mismatch.

Usage: torch_crosscheck.py GRIDTHEORY_BINARY CKPT WORKDIR [--precision float64|float32]
Only numpy and torch (Debian: python3-numpy, python3-torch). Run with /usr/bin/python3.
"""
import json
import os
import subprocess
import sys

import numpy as np
import torch

# Our checkpoint names -> torch.nn.LSTM / torch.nn.GRU parameter names.
TORCH_NAMES = {"rnn.weight_ih": "weight_ih_l0", "rnn.weight_hh": "weight_hh_l0",
               "rnn.bias_ih": "bias_ih_l0", "rnn.bias_hh": "bias_hh_l0"}


def load(folder, name, dtype):
    return torch.tensor(np.load(os.path.join(folder, name + ".npy")), dtype=dtype,
                        requires_grad=True)


def forward(cfg, w, vel, p0, cell):
    """Logits [T, B, n_p] and the recurrent matrix the weight decay applies to."""
    h0 = p0 @ w["encoder.weight"].T
    if cell == "rnn":
        act = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
               "linear": lambda x: x}[cfg["activation"]]
        h, hs = h0, []
        for t in range(vel.shape[0]):
            h = act(vel[t] @ w["rnn.weight_ih"].T + h @ w["rnn.weight_hh"].T)
            hs.append(h)
        g = torch.stack(hs)
    elif cell in ("lstm", "gru"):
        # torch's own module with the checkpoint's parameters copied in; its gradients are mapped
        # back to our names after backward().
        n_g = w["rnn.weight_hh"].shape[1]
        mod = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(2, n_g).to(vel.dtype)
        with torch.no_grad():
            for ours, theirs in TORCH_NAMES.items():
                getattr(mod, theirs).copy_(w[ours])
        w["_module"] = mod
        if cell == "lstm":
            state = (h0[None], (p0 @ w["encoder_cell.weight"].T)[None])
        else:
            state = h0[None]
        g, _ = mod(vel, state)
        return g @ w["decoder.weight"].T, mod.weight_hh_l0
    elif cell == "ugrnn":
        n_g = w["rnn.weight_hh"].shape[1]
        h, hs = h0, []
        for t in range(vel.shape[0]):
            pre = vel[t] @ w["rnn.weight_ih"].T + h @ w["rnn.weight_hh"].T + w["rnn.bias"]
            gate = torch.sigmoid(pre[:, :n_g])
            cand = torch.tanh(pre[:, n_g:])
            h = gate * h + (1 - gate) * cand
            hs.append(h)
        g = torch.stack(hs)
    else:
        raise SystemExit("unknown cell " + cell)
    return g @ w["decoder.weight"].T, w["rnn.weight_hh"]


def gradient(w, name):
    mod = w.get("_module")
    if mod is not None and name in TORCH_NAMES:
        return getattr(mod, TORCH_NAMES[name]).grad.detach().numpy()
    return w[name].grad.detach().numpy()


def main():
    binary, ckpt, work = sys.argv[1:4]
    precision = "float64"
    if "--precision" in sys.argv:
        precision = sys.argv[sys.argv.index("--precision") + 1]
    dtype = torch.float64 if precision == "float64" else torch.float32
    folder = ckpt
    if os.path.isdir(os.path.join(ckpt, "checkpoint")):
        folder = os.path.join(ckpt, "checkpoint")
    cfg = json.load(open(os.path.join(folder, "config.json")))
    cell = cfg["cell"]
    names = [f[:-4] for f in os.listdir(folder) if f.endswith(".npy")]
    n_g, n_p = np.load(os.path.join(folder, "encoder.weight.npy")).shape

    rng = np.random.default_rng(5)
    T, B = 4, 3
    batch = os.path.join(work, "batch")
    grads = os.path.join(work, "grads")
    os.makedirs(batch, exist_ok=True)
    os.makedirs(grads, exist_ok=True)
    vel = rng.normal(0, 0.3, (T, B, 2))
    pos = rng.uniform(0, cfg["box_m"], (T, B, 2))
    if cfg["loss"] in ("cross_entropy", "cross-entropy"):
        p0 = rng.uniform(0.05, 1, (B, n_p))
        p0 /= p0.sum(-1, keepdims=True)
        y = rng.uniform(0.05, 1, (T, B, n_p))
        y /= y.sum(-1, keepdims=True)
    else:
        p0 = rng.normal(0, 0.5, (B, n_p))
        y = rng.normal(0, 0.5, (T, B, n_p))
    for name, arr in (("velocity", vel), ("positions", pos), ("init_targets", p0),
                      ("targets", y)):
        np.save(os.path.join(batch, name + ".npy"), arr.astype(np.float32))

    out = subprocess.run([binary, "loss", "--checkpoint", folder, "--batch", batch,
                          "--gradients", grads, "--precision", precision, "--format", "json"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit("gridtheory loss failed: " + out.stderr)
    ours = json.loads(out.stdout)

    w = {n: load(folder, n, dtype) for n in names}

    def as_t(a):  # the batch files hold float32
        return torch.tensor(a.astype(np.float32), dtype=dtype)

    logits, w_hh = forward(cfg, w, as_t(vel), as_t(p0), cell)
    target = as_t(y)
    if cfg["loss"] in ("cross_entropy", "cross-entropy"):
        loss = -(target * torch.log_softmax(logits, -1)).sum(-1).mean()
    else:
        loss = torch.nn.functional.mse_loss(logits, target)
    loss = loss + cfg["weight_decay"] * (w_hh ** 2).sum()
    loss.backward()

    tol = 1e-10 if precision == "float64" else 2e-4
    failures = []
    rel = abs(ours["loss"] - loss.item()) / max(1e-12, abs(loss.item()))
    print("%-22s torch %.12g ours %.12g rel %.2e" % ("loss", loss.item(), ours["loss"], rel))
    if not rel <= tol:
        failures.append("loss")
    for n in sorted(names):
        theirs = gradient(w, n)
        mine = np.load(os.path.join(grads, n + ".npy"))
        if mine.shape != theirs.shape:
            failures.append("%s shape %s vs torch %s" % (n, mine.shape, theirs.shape))
            continue
        err = np.abs(mine - theirs).max() / max(1e-30, np.abs(theirs).max())
        print("%-22s shape %-12s max |ours - torch| / max |torch| = %.2e"
              % (n, str(mine.shape), err))
        if not err <= tol:
            failures.append(n)
    print("cell %s, loss %s, precision %s, n_g %d, n_p %d"
          % (cell, cfg["loss"], precision, n_g, n_p))
    if failures:
        print("MISMATCH: " + ", ".join(failures))
        sys.exit(1)
    print("OK: loss and every gradient agree with PyTorch %s" % torch.__version__)


if __name__ == "__main__":
    main()
