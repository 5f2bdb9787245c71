#!/usr/bin/env python3
"""Batched-ensemble hyperparameter exploration for the path-integrating grid-cell RNN.

Trains many independent copies of the NFL "RNN" (Schaeffer, Khona & Fiete 2022;
Sorscher et al. 2019 trajectories and place-cell targets) at once, as an ensemble whose
parameters are stacked along a leading model axis [K, ...], and evaluates every model at
several step counts: decoding error, loss, hidden-unit ratemaps (20 x 20) and their
DeepMind grid scores (numpy_gridscore.py, scored in a process pool while the GPU trains).

The maths follows the C++ trainer (src/train/trajectory.cpp, theory/place_cells.cpp,
src/train/rnn.cpp, src/train/batch_targets.cpp, src/train/optimizer.cpp):
  * trajectories: Sorscher's generator (Rayleigh speed, Gaussian turning noise, wall rule),
    generated in float64;
  * targets: "dos" difference of softmaxes (min-subtracted, normalised), also "gaussian",
    "true-dog" and "cartesian" (MSE);
  * RNN without biases: h0 = W_enc c(p0), h_t = relu(W_ih v_t + W_hh h_{t-1}), z_t = W_dec h_t;
  * loss: mean over batch and time of -sum_i y_i log softmax(z)_i + 1e-4 |W_hh|^2;
    true-dog and cartesian use MSE against the raw targets instead (mean over elements);
  * Adam (torch defaults), written by hand so that each model has its own learning rate.

Usage:
  python3 torch_explore.py                       # default config list, --budget-s 480
  python3 torch_explore.py --device cpu --tiny   # local smoke test
  python3 torch_explore.py --selftest            # unit checks
  python3 torch_explore.py --list                # print the groups and exit
Only numpy, scipy, torch and the standard library are used (torch 1.13 .. 2.11).
"""
import argparse
import json
import math
import multiprocessing
import os
import sys
import time

T_START = time.time()

import numpy as np  # noqa: E402
import torch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

# ----------------------------------------------------------------------------- constants
BOX = 2.2             # arena side (m)
STEPS_T = 20          # trajectory length (RNN steps)
DT = 0.02             # s
SPEED_SCALE = 0.13 * 2 * math.pi   # Rayleigh scale, m/s
TURN_SD = 11.52       # rad/s
BORDER = 0.03         # m
WALL_SLOW = 0.25
SIGMA_E = 0.12        # m
WEIGHT_DECAY = 1e-4   # on sum(W_hh^2)
NBINS = 20
TOP_DECODE = 3
ADAM_B1, ADAM_B2, ADAM_EPS = 0.9, 0.999, 1e-8

# ----------------------------------------------------------------------------- configs
# Edit here.  Every entry overrides BASE.  Configs with the same (n_g, n_p, B) are trained
# together as one ensemble ("group"); groups run in order of first appearance.  "weight"
# sets a group's share of the time budget (the max over its configs).
BASE = dict(n_g=256, n_p=512, B=200, enc="dos", conv="sorscher", lr=2e-3, seed=0,
            periodic=False, weight=1.0)

DEFAULT_CONFIGS = (
    # --- group 1 (priority): n_g 256, n_p 512, B 200, dos, solid walls
    [dict(conv=c, lr=lr, seed=s, weight=3.0)
     for c in ("sorscher", "nfl")
     for lr, seeds in ((1e-3, (0, 1)), (2e-3, (0, 1)), (3e-3, (0,)))
     for s in seeds]
    + [dict(conv="sorscher", lr=2e-3, periodic=True, weight=3.0),
       dict(conv="nfl", lr=2e-3, periodic=True, weight=3.0)]
    # --- group 2: n_g 128, n_p 256
    + [dict(n_g=128, n_p=256, conv=c, lr=lr, weight=1.0)
       for c in ("sorscher", "nfl") for lr in (2e-3, 3e-3)]
    # --- controls: gaussian and true-dog share group 1's shapes, so they join its ensemble
    #     (nearly free); cartesian (n_p = 2, MSE) is its own group, run last.
    + [dict(enc="gaussian", conv="none", lr=2e-3, weight=3.0),
       dict(enc="true-dog", conv="nfl", lr=2e-3, weight=3.0),
       dict(enc="cartesian", conv="none", n_p=2, lr=2e-3, weight=0.7)]
)

TINY_CONFIGS = [   # one dos model, one gaussian model (learns fast: shows the pipeline works)
    dict(n_g=32, n_p=64, B=20, enc="dos", conv="nfl", lr=1e-2, seed=0, periodic=False),
    dict(n_g=32, n_p=64, B=20, enc="gaussian", conv="none", lr=1e-2, seed=1, periodic=True),
]

ENCODINGS = ("dos", "gaussian", "true-dog", "cartesian")


def full_config(c):
    cfg = dict(BASE)
    cfg.update(c)
    if cfg["enc"] not in ENCODINGS:
        raise ValueError("unknown encoding %r" % cfg["enc"])
    if cfg["enc"] == "cartesian":
        cfg["n_p"] = 2
        cfg["conv"] = "none"
    if cfg["enc"] == "gaussian":
        cfg["conv"] = "none"
    if cfg["enc"] == "true-dog" and cfg["conv"] not in ("nfl", "sorscher"):
        cfg["conv"] = "nfl"
    if cfg["enc"] == "dos" and cfg["conv"] not in ("nfl", "sorscher"):
        raise ValueError("dos needs conv nfl or sorscher")
    if "name" not in cfg:
        enc = cfg["enc"] + ("-" + cfg["conv"] if cfg["conv"] != "none" else "")
        cfg["name"] = "g%d_p%d_b%d_%s_lr%g_s%d_%s" % (
            cfg["n_g"], cfg["n_p"], cfg["B"], enc, cfg["lr"], cfg["seed"],
            "periodic" if cfg["periodic"] else "solid")
    return cfg


def surround_sigma(cfg):
    if cfg["conv"] == "nfl":
        return 2.0 * SIGMA_E
    if cfg["conv"] == "sorscher":
        return math.sqrt(2.0) * SIGMA_E
    return float("nan")


def group_configs(cfgs):
    groups, order = {}, []
    for c in cfgs:
        key = (c["n_g"], c["n_p"], c["B"])
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(c)
    return [groups[k] for k in order]


# ----------------------------------------------------------------------------- logging
class Log:
    def __init__(self):
        self.f = None

    def open(self, path):
        self.f = open(path, "a")

    def __call__(self, *a):
        s = " ".join(str(x) for x in a)
        print(s, flush=True)
        if self.f:
            self.f.write(s + "\n")
            self.f.flush()


log = Log()


def elapsed():
    return time.time() - T_START


# ----------------------------------------------------------------------------- trajectories
def wrap_angle(a):
    """Wrap to [-pi, pi) exactly as the C++ wrap_angle (fmod semantics)."""
    w = torch.fmod(a + math.pi, 2 * math.pi)
    w = torch.where(w < 0, w + 2 * math.pi, w)
    w = w - math.pi
    return torch.where(w >= math.pi, torch.full_like(w, -math.pi), w)


def draw_trajectory_noise(n, gen, device, T=STEPS_T, L=BOX):
    """Random draws of n trajectories: start x, y, heading [n]; speeds, turn noise [T, n]."""
    f64 = torch.float64
    x = L * torch.rand(n, generator=gen, device=device, dtype=f64)
    y = L * torch.rand(n, generator=gen, device=device, dtype=f64)
    h = wrap_angle(2 * math.pi * torch.rand(n, generator=gen, device=device, dtype=f64))
    u = torch.rand(T, n, generator=gen, device=device, dtype=f64)
    speeds = SPEED_SCALE * torch.sqrt(-2.0 * torch.log1p(-u))           # Rayleigh
    noise = TURN_SD * torch.randn(T, n, generator=gen, device=device, dtype=f64)  # rad/s
    return x, y, h, speeds, noise


def gen_trajectories(n, periodic, gen, device, T=STEPS_T, L=BOX, draws=None):
    """n trajectories. Returns positions [T+1, n, 2] and velocities [T, n, 2], float64."""
    f64 = torch.float64
    x, y, h, speeds, noise = draws if draws is not None else \
        draw_trajectory_noise(n, gen, device, T, L)
    pos = torch.empty(T + 1, n, 2, device=device, dtype=f64)
    vel = torch.empty(T, n, 2, device=device, dtype=f64)
    pos[0, :, 0] = x
    pos[0, :, 1] = y
    half_pi = 0.5 * math.pi
    for t in range(T):
        v = speeds[t]
        if periodic:
            turn = DT * noise[t]
        else:
            # nearest wall among (x = L, y = L, x = 0, y = 0); first one wins ties (as in C++)
            dists = (L - x, L - y, x, y)
            near_d = dists[0]
            near_w = torch.zeros_like(x)
            for w in range(1, 4):
                closer = dists[w] < near_d
                near_d = torch.where(closer, dists[w], near_d)
                near_w = torch.where(closer, torch.full_like(x, float(w)), near_w)
            a = wrap_angle(h - half_pi * near_w)
            at_wall = (near_d < BORDER) & (a.abs() < half_pi)
            sgn = torch.where(a >= 0, torch.ones_like(a), -torch.ones_like(a))
            turn = torch.where(at_wall, sgn * (half_pi - a.abs()), torch.zeros_like(a))
            v = torch.where(at_wall, v * WALL_SLOW, v)
            turn = turn + DT * noise[t]
        dx = v * DT * torch.cos(h)
        dy = v * DT * torch.sin(h)
        nx, ny = x + dx, y + dy
        if periodic:
            vel[t, :, 0] = dx / DT
            vel[t, :, 1] = dy / DT
            nx = nx - L * torch.floor(nx / L)
            ny = ny - L * torch.floor(ny / L)
            nx = torch.where(nx >= L, torch.zeros_like(nx), nx)
            ny = torch.where(ny >= L, torch.zeros_like(ny), ny)
        else:
            nx = nx.clamp(0.0, L)
            ny = ny.clamp(0.0, L)
            vel[t, :, 0] = (nx - x) / DT
            vel[t, :, 1] = (ny - y) / DT
        pos[t + 1, :, 0] = nx
        pos[t + 1, :, 1] = ny
        x, y = nx, ny
        h = wrap_angle(h + turn)
    return pos, vel


# ----------------------------------------------------------------------------- targets
class Codes:
    """Per-model place-cell codes for a group (models may differ in encoding/convention/arena)."""

    def __init__(self, cfgs, device):
        self.K = len(cfgs)
        self.n_p = cfgs[0]["n_p"]
        self.device = device
        cen = []
        for c in cfgs:
            rs = np.random.RandomState(1000 + c["seed"])
            cen.append(rs.uniform(0.0, BOX, size=(self.n_p, 2)))
        self.centres = torch.tensor(np.stack(cen), dtype=torch.float64, device=device)  # [K,n_p,2]
        self.periodic = torch.tensor([bool(c["periodic"]) for c in cfgs], device=device)
        self.families = []
        for fam in ENCODINGS:
            idx = [k for k, c in enumerate(cfgs) if c["enc"] == fam]
            if not idx:
                continue
            sel = None if len(idx) == self.K else torch.tensor(idx, device=device)
            si = torch.tensor([surround_sigma(cfgs[k]) for k in idx], dtype=torch.float64,
                              device=device).view(-1, 1, 1)
            per = torch.tensor([bool(cfgs[k]["periodic"]) for k in idx], device=device)
            self.families.append(dict(fam=fam, idx=idx, sel=sel,
                                      inv2si2=1.0 / (2.0 * si * si),
                                      per=per.view(-1, 1, 1),
                                      any_per=bool(per.any()), all_per=bool(per.all())))

    def __call__(self, pos, out_dtype=torch.float32):
        """pos [K, N, 2] float64 -> codes [K, N, n_p] (out_dtype)."""
        K, N, _ = pos.shape
        out = None
        if len(self.families) > 1:
            out = torch.empty(K, N, self.n_p, dtype=out_dtype, device=pos.device)
        for f in self.families:
            p = pos if f["sel"] is None else pos.index_select(0, f["sel"])
            if f["fam"] == "cartesian":
                a = p - 0.5 * BOX
            else:
                c = self.centres if f["sel"] is None else self.centres.index_select(0, f["sel"])
                dx = p[:, :, None, 0] - c[:, None, :, 0]
                dy = p[:, :, None, 1] - c[:, None, :, 1]
                if f["any_per"]:
                    ax, ay = dx.abs(), dy.abs()
                    mx, my = torch.min(ax, BOX - ax), torch.min(ay, BOX - ay)
                    if f["all_per"]:
                        dx, dy = mx, my
                    else:
                        dx = torch.where(f["per"], mx, dx)
                        dy = torch.where(f["per"], my, dy)
                d2 = dx * dx + dy * dy
                del dx, dy
                ce = d2 * (-1.0 / (2.0 * SIGMA_E * SIGMA_E))
                if f["fam"] == "gaussian":
                    a = torch.softmax(ce, dim=-1)
                elif f["fam"] == "true-dog":
                    a = torch.exp(ce) - torch.exp(-d2 * f["inv2si2"])
                else:  # dos
                    a = torch.softmax(ce, dim=-1) - torch.softmax(-d2 * f["inv2si2"], dim=-1)
                    a = a - a.amin(dim=-1, keepdim=True)
                    s = a.sum(dim=-1, keepdim=True)
                    a = torch.where(s > 0, a / s, torch.full_like(a, 1.0 / self.n_p))
            a = a.to(out_dtype)
            if out is None:
                return a
            out.index_copy_(0, f["sel"], a)
        return out


# ----------------------------------------------------------------------------- ensemble RNN
class Ensemble:
    """K bias-free RNNs with parameters packed in one flat leaf tensor [K, P]."""

    def __init__(self, cfgs, device):
        self.K = len(cfgs)
        self.n_g, self.n_p = cfgs[0]["n_g"], cfgs[0]["n_p"]
        n_g, n_p = self.n_g, self.n_p
        self.shapes = [("enc", (n_g, n_p)), ("ih", (n_g, 2)), ("hh", (n_g, n_g)),
                       ("dec", (n_p, n_g))]
        self.bounds = {"enc": 1 / math.sqrt(n_p), "ih": 1 / math.sqrt(n_g),
                       "hh": 1 / math.sqrt(n_g), "dec": 1 / math.sqrt(n_g)}
        self.offsets = {}
        o = 0
        for name, shp in self.shapes:
            self.offsets[name] = (o, o + shp[0] * shp[1], shp)
            o += shp[0] * shp[1]
        self.P = o
        rows = []
        for c in cfgs:
            g = torch.Generator()
            g.manual_seed(7919 * c["seed"] + 17)
            parts = []
            for name, shp in self.shapes:
                b = self.bounds[name]
                parts.append((torch.rand(shp, generator=g, dtype=torch.float32) * 2 - 1).mul_(b)
                             .reshape(-1))
            rows.append(torch.cat(parts))
        self.flat = torch.stack(rows).to(device).requires_grad_(True)
        self.lr = torch.tensor([c["lr"] for c in cfgs], dtype=torch.float32,
                               device=device).view(-1, 1)
        self.m = torch.zeros_like(self.flat, requires_grad=False)
        self.v = torch.zeros_like(self.flat, requires_grad=False)
        self.t = 0

    def weights(self, flat=None):
        flat = self.flat if flat is None else flat
        return {name: flat[:, a:b].view(self.K, *shp) for name, (a, b, shp) in
                self.offsets.items()}

    def forward(self, vel, code0, flat=None):
        """vel [K, T, B, 2] float32, code0 [K, B, n_p] -> hidden [K, T, B, n_g], logits [K, T*B, n_p]."""
        W = self.weights(flat)
        K, T, B, _ = vel.shape
        n_g = self.n_g
        h = torch.bmm(code0, W["enc"].transpose(1, 2))                       # [K, B, n_g]
        vin = torch.bmm(vel.reshape(K, T * B, 2), W["ih"].transpose(1, 2))   # [K, T*B, n_g]
        vin = vin.view(K, T, B, n_g)
        whhT = W["hh"].transpose(1, 2)
        hs = []
        for t in range(T):
            h = torch.relu(torch.baddbmm(vin[:, t], h, whhT))
            hs.append(h)
        H = torch.stack(hs, dim=1)                                            # [K, T, B, n_g]
        z = torch.bmm(H.view(K, T * B, n_g), W["dec"].transpose(1, 2))        # [K, T*B, n_p]
        return H, z

    def reg(self, flat=None):
        whh = self.weights(flat)["hh"]
        return WEIGHT_DECAY * (whh * whh).sum(dim=(1, 2))

    @torch.no_grad()
    def adam_step(self):
        g = self.flat.grad
        self.t += 1
        bc1 = 1.0 - ADAM_B1 ** self.t
        bc2 = 1.0 - ADAM_B2 ** self.t
        self.m.mul_(ADAM_B1).add_(g, alpha=1.0 - ADAM_B1)
        self.v.mul_(ADAM_B2).addcmul_(g, g, value=1.0 - ADAM_B2)
        denom = (self.v.sqrt() / math.sqrt(bc2)).add_(ADAM_EPS)
        upd = self.m / denom
        upd.mul_(self.lr * (1.0 / bc1))
        self.flat.sub_(upd)
        self.flat.grad = None


# Codes that are not probability vectors (true-dog targets are <= 0, so cross-entropy is
# unbounded below) are trained with MSE against the raw targets.  true-dog still decodes by
# the top-3 most active outputs; only cartesian decodes the outputs as coordinates.
MSE_ENCODINGS = ("cartesian", "true-dog", "dog")


def per_model_loss(z, y, enc_is_mse):
    """z, y [K, M, n_p] -> loss per model [K] (cross-entropy or MSE).

    enc_is_mse: a bool for the whole ensemble, or a bool tensor [K] (per model)."""
    if isinstance(enc_is_mse, torch.Tensor):
        if bool(enc_is_mse.all()):
            enc_is_mse = True
        elif not bool(enc_is_mse.any()):
            enc_is_mse = False
        else:
            mse = ((z - y) ** 2).mean(dim=(1, 2))
            ce = -(y * torch.log_softmax(z, dim=-1)).sum(dim=-1).mean(dim=-1)
            return torch.where(enc_is_mse, mse, ce)
    if enc_is_mse:
        return ((z - y) ** 2).mean(dim=(1, 2))
    return -(y * torch.log_softmax(z, dim=-1)).sum(dim=-1).mean(dim=-1)


# ----------------------------------------------------------------------------- grid scoring
_SCORER = None


def _score_chunk(maps):
    """Worker: maps [m, nbins, nbins] float -> [m, 3] (score_60, score_90, score_60_minmax)."""
    global _SCORER
    if _SCORER is None:
        import numpy_gridscore
        _SCORER = numpy_gridscore.GridScorer(maps.shape[-1])
    out = np.full((len(maps), 3), np.nan)
    for i, m in enumerate(maps):
        s = _SCORER.get_scores(m.astype(np.float64))
        out[i] = (s["score_60"], s["score_90"], s["score_60_minmax"])
    return out


def _worker_init():
    try:
        torch.set_num_threads(1)
    except Exception:
        pass


class Scoring:
    """Hands ratemaps to a process pool, collects the per-unit scores later."""

    def __init__(self, workers, chunk=32):
        self.pool = None
        if workers > 0:
            ctx = multiprocessing.get_context("fork")
            self.pool = ctx.Pool(workers, initializer=_worker_init)
        self.chunk = chunk
        self.pending = []   # (key, [AsyncResult or array])

    def submit(self, key, maps):
        parts = []
        for i in range(0, len(maps), self.chunk):
            sub = np.ascontiguousarray(maps[i:i + self.chunk], dtype=np.float32)
            if self.pool is None:
                parts.append(_score_chunk(sub))
            else:
                parts.append(self.pool.apply_async(_score_chunk, (sub,)))
        self.pending.append((key, parts))

    def collect(self, block=False, timeout=None):
        """Returns [(key, scores [n, 3])] for finished entries (all of them when block)."""
        done, keep = [], []
        t_end = None if timeout is None else time.time() + timeout
        for key, parts in self.pending:
            ready = all(isinstance(p, np.ndarray) or p.ready() for p in parts)
            if not ready and block:
                try:
                    for p in parts:
                        if not isinstance(p, np.ndarray):
                            left = None if t_end is None else max(0.1, t_end - time.time())
                            p.wait(left)
                    ready = all(isinstance(p, np.ndarray) or p.ready() for p in parts)
                except Exception:
                    ready = False
            if ready:
                try:
                    arr = np.concatenate([p if isinstance(p, np.ndarray) else p.get()
                                          for p in parts])
                except Exception as e:  # a failed worker: record NaNs
                    log("scoring failed for %s: %r" % (key, e))
                    arr = None
                done.append((key, arr))
            else:
                keep.append((key, parts))
        self.pending = keep
        return done

    def close(self):
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


def score_summary(scores):
    if scores is None:
        return {}
    s60 = scores[:, 0]
    s90 = scores[:, 1]
    ok = np.nan_to_num(s60, nan=-9.0)
    n = len(s60)
    return {
        "frac_s60_gt_0.3": float((ok > 0.3).sum() / n),
        "frac_s60_gt_0.8": float((ok > 0.8).sum() / n),
        "frac_s60_gt_1.15": float((ok > 1.15).sum() / n),
        "n_s60_gt_0.8": int((ok > 0.8).sum()),
        "max_s60": float(np.nanmax(s60)) if np.isfinite(s60).any() else None,
        "median_s60": float(np.nanmedian(s60)) if np.isfinite(s60).any() else None,
        "frac_s90_gt_0.3": float((np.nan_to_num(s90, nan=-9.0) > 0.3).sum() / n),
        "max_s60_minmax": float(np.nanmax(scores[:, 2])) if np.isfinite(scores[:, 2]).any()
        else None,
    }


# ----------------------------------------------------------------------------- one group
def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


class GroupRun:
    def __init__(self, gi, cfgs, args, device, scoring, results):
        self.gi, self.cfgs, self.args, self.device = gi, cfgs, args, device
        self.scoring, self.results = scoring, results
        self.K = len(cfgs)
        self.n_g, self.n_p, self.B = cfgs[0]["n_g"], cfgs[0]["n_p"], cfgs[0]["B"]
        self.mse = cfgs[0]["enc"] == "cartesian"
        if any((c["enc"] == "cartesian") != self.mse for c in cfgs):
            raise ValueError("cartesian and place-cell configs cannot share a group")
        mse_list = [c["enc"] in MSE_ENCODINGS for c in cfgs]
        self.loss_mse = (all(mse_list) if all(mse_list) or not any(mse_list)
                         else torch.tensor(mse_list, device=device))
        self.kinds = sorted(set(bool(c["periodic"]) for c in cfgs))     # arena kinds
        self.kind_idx = torch.tensor([self.kinds.index(bool(c["periodic"])) for c in cfgs],
                                     device=device)
        self.model_per = torch.tensor([bool(c["periodic"]) for c in cfgs], device=device)
        self.codes = Codes(cfgs, device)
        self.net = Ensemble(cfgs, device)
        self.gen = torch.Generator(device=device)
        self.gen.manual_seed(args.traj_seed + 101 * gi)
        egen = torch.Generator(device=device)
        egen.manual_seed(args.traj_seed + 55555 + 101 * gi)
        n_eval = args.eval_batches * self.B
        ep, ev = [], []
        for per in self.kinds:
            p, v = gen_trajectories(n_eval, per, egen, device)
            ep.append(p)
            ev.append(v.float())
        self.eval_pos = torch.stack(ep)   # [nk, T+1, N, 2] f64
        self.eval_vel = torch.stack(ev)   # [nk, T, N, 2] f32
        self.chunk_pos = None
        self.chunk_i = 0
        self.loss_acc = torch.zeros(self.K, dtype=torch.float64, device=device)
        self.loss_n = 0
        self.curve = []            # (step, mean train loss per model over the last interval)
        self.curve_acc = torch.zeros(self.K, dtype=torch.float64, device=device)
        self.curve_n = 0
        self.final_maps = None

    # -- trajectories (shared by all models of the same arena kind)
    def _new_chunk(self):
        n = self.args.traj_chunk * self.B
        ps, vs = [], []
        for per in self.kinds:
            p, v = gen_trajectories(n, per, self.gen, self.device)
            ps.append(p)
            vs.append(v.float())
        self.chunk_pos = torch.stack(ps)
        self.chunk_vel = torch.stack(vs)
        self.chunk_i = 0

    def _per_model(self, pos_all, vel_all):
        if len(self.kinds) == 1:
            K = self.K
            return (pos_all.expand(K, *pos_all.shape[1:]),
                    vel_all.expand(K, *vel_all.shape[1:]))
        return pos_all[self.kind_idx], vel_all[self.kind_idx]

    def train_step(self):
        if self.chunk_pos is None or self.chunk_i >= self.args.traj_chunk:
            self._new_chunk()
        B = self.B
        sl = slice(self.chunk_i * B, (self.chunk_i + 1) * B)
        self.chunk_i += 1
        pos, vel = self._per_model(self.chunk_pos[:, :, sl], self.chunk_vel[:, :, sl])
        K, T1 = self.K, pos.shape[1]
        y = self.codes(pos.reshape(K, T1 * B, 2)).view(K, T1, B, self.n_p)
        _, z = self.net.forward(vel.contiguous(), y[:, 0])
        tgt = y[:, 1:].reshape(K, (T1 - 1) * B, self.n_p)
        loss_k = per_model_loss(z, tgt, self.loss_mse) + self.net.reg()
        loss_k.sum().backward()
        self.net.adam_step()
        ld = loss_k.detach().double()
        self.loss_acc += ld
        self.curve_acc += ld
        self.loss_n += 1
        self.curve_n += 1

    def curve_point(self, step):
        if self.curve_n:
            self.curve.append((step, (self.curve_acc / self.curve_n).cpu().numpy()))
        self.curve_acc.zero_()
        self.curve_n = 0

    # -- evaluation
    @torch.no_grad()
    def evaluate(self, step):
        t0 = time.time()
        K, n_g, n_p, dev = self.K, self.n_g, self.n_p, self.device
        nb2 = NBINS * NBINS
        rm_sum = torch.zeros(K, nb2, n_g, dtype=torch.float64, device=dev)
        cnt = torch.zeros(len(self.kinds), nb2, dtype=torch.float64, device=dev)
        loss_sum = torch.zeros(K, dtype=torch.float64, device=dev)
        err_sum = torch.zeros(K, dtype=torch.float64, device=dev)
        n_pts = 0
        N = self.eval_pos.shape[2]
        ch = min(self.args.eval_chunk, N)
        koff = (torch.arange(K, device=dev) * n_p).view(K, 1, 1)
        cflat = self.codes.centres.reshape(K * n_p, 2)
        to_ang = 2 * math.pi / BOX
        for c0 in range(0, N, ch):
            pa = self.eval_pos[:, :, c0:c0 + ch]
            va = self.eval_vel[:, :, c0:c0 + ch]
            n = pa.shape[2]
            pos, vel = self._per_model(pa, va)
            T1 = pos.shape[1]
            T = T1 - 1
            y = self.codes(pos.reshape(K, T1 * n, 2)).view(K, T1, n, n_p)
            H, z = self.net.forward(vel.contiguous(), y[:, 0])
            tgt = y[:, 1:].reshape(K, T * n, n_p)
            loss_sum += per_model_loss(z, tgt, self.loss_mse).double() * (T * n)
            del y, tgt
            true = pos[:, 1:].reshape(K, T * n, 2)
            if self.mse:
                dec = z.double() + 0.5 * BOX
                d = dec - true
            else:
                top = z.topk(TOP_DECODE, dim=-1).indices + koff         # [K, M, 3]
                cp = cflat[top]                                         # [K, M, 3, 2]
                dec_s = cp.mean(dim=2)
                ang = cp * to_ang
                dec_p = torch.atan2(torch.sin(ang).sum(2), torch.cos(ang).sum(2)) / to_ang
                dec_p = torch.where(dec_p < 0, dec_p + BOX, dec_p)
                dec_p = torch.where(dec_p >= BOX, torch.zeros_like(dec_p), dec_p)
                per = self.model_per.view(K, 1, 1)
                dec = torch.where(per, dec_p, dec_s)
                d = (dec - true).abs()
                d = torch.where(per, torch.min(d, BOX - d), d)
            err_sum += 100.0 * torch.sqrt((d * d).sum(-1)).sum(-1)
            del z
            n_pts += T * n
            # ratemaps: bin = floor(x / L * 20) clamped to 19; index bx * 20 + by
            b = torch.clamp(torch.floor(pa[:, 1:] / BOX * NBINS), 0, NBINS - 1).long()
            bidx = (b[..., 0] * NBINS + b[..., 1]).reshape(len(self.kinds), T * n)
            for kk in range(len(self.kinds)):
                cnt[kk].index_add_(0, bidx[kk], torch.ones(T * n, dtype=torch.float64,
                                                           device=dev))
            Hd = H.reshape(K, T * n, n_g)
            for k in range(K):
                rm_sum[k].index_add_(0, bidx[int(self.kind_idx[k])], Hd[k].double())
            del H, Hd
        c = cnt[self.kind_idx].unsqueeze(-1)                      # [K, 400, 1]
        rm = torch.where(c > 0, rm_sum / c.clamp(min=1), torch.full_like(rm_sum, float("nan")))
        maps = rm.permute(0, 2, 1).reshape(K, n_g, NBINS, NBINS).cpu().numpy()
        loss_eval = (loss_sum / n_pts).cpu().numpy()
        err = (err_sum / n_pts).cpu().numpy()
        train_loss = (self.loss_acc / max(1, self.loss_n)).cpu().numpy() if self.loss_n else \
            np.full(K, np.nan)
        self.loss_acc.zero_()
        self.loss_n = 0
        dt_eval = time.time() - t0
        for k, cfg in enumerate(self.cfgs):
            rec = {"step": step, "train_loss": _f(train_loss[k]), "eval_loss": _f(loss_eval[k]),
                   "decoding_error_cm": _f(err[k]), "t_wall_s": round(elapsed(), 1)}
            self.results[cfg["name"]]["evals"].append(rec)
            self.scoring.submit((cfg["name"], step), maps[k])
            log("  [g%d] step %6d  %-52s loss %8.4f  eval_loss %8.4f  dec_err %7.2f cm"
                % (self.gi, step, cfg["name"], train_loss[k], loss_eval[k], err[k]))
        self.last_maps = maps
        return dt_eval


def _f(x):
    x = float(x)
    return x if math.isfinite(x) else None


def plan_steps(max_steps, step_s, eval_s, eval_at, time_left, done=0):
    """Largest step count <= max_steps whose remaining training + evals fit in time_left."""
    n = max_steps
    for _ in range(4):
        n_ev = len([e for e in eval_at if done < e < n]) + 1
        fit = done + int((time_left - n_ev * eval_s) / max(step_s, 1e-9))
        n = max(done, min(max_steps, fit))
    if n < max_steps and n > done + 100:
        n = done + (n - done) // 100 * 100
    return n


def run_group(gi, cfgs, args, device, scoring, results, cap_s):
    g0 = time.time()
    deadline = g0 + cap_s
    K = len(cfgs)
    log("\n=== group %d: n_g %d, n_p %d, B %d, %d models, time cap %.0f s (elapsed %.0f s)"
        % (gi, cfgs[0]["n_g"], cfgs[0]["n_p"], cfgs[0]["B"], K, cap_s, elapsed()))
    gr = GroupRun(gi, cfgs, args, device, scoring, results)
    sync(device)
    info = {"group": gi, "models": [c["name"] for c in cfgs], "cap_s": round(cap_s, 1),
            "setup_s": round(time.time() - g0, 2)}
    # step-0 evaluation: untrained baseline and the cost of one evaluation
    eval_s = gr.evaluate(0)
    sync(device)
    # warm-up, then time 50 steps
    warm = min(5, args.max_steps)
    for _ in range(warm):
        gr.train_step()
    sync(device)
    n_time = min(50, max(0, args.max_steps - warm))
    t0 = time.time()
    for _ in range(n_time):
        gr.train_step()
    sync(device)
    step = warm + n_time
    step_s = (time.time() - t0) / max(1, n_time) if n_time else 1e-3
    eval_at = sorted(set(int(e) for e in args.eval_at if e > 0))
    n_steps = plan_steps(args.max_steps, step_s, eval_s, eval_at, deadline - time.time(), step)
    log("  group %d: %.2f ms/step (%d models, %.3f ms per model-step), eval %.2f s, "
        "planned %d steps (max %d)"
        % (gi, 1e3 * step_s, K, 1e3 * step_s / K, eval_s, n_steps, args.max_steps))
    info.update({"ms_per_step_first50": round(1e3 * step_s, 3), "eval_s": round(eval_s, 2),
                 "planned_steps": n_steps})
    t_train, s_trained = time.time() - t0, n_time
    curve_every = 500
    while step < n_steps:
        target = min([e for e in eval_at if step < e < n_steps] + [n_steps])
        stop = min(target, (step // curve_every + 1) * curve_every)
        t1 = time.time()
        s1 = step
        while step < stop:
            gr.train_step()
            step += 1
        sync(device)
        t_train += time.time() - t1
        s_trained += step - s1
        if step % curve_every == 0:
            gr.curve_point(step)
        if step == target:
            eval_s = max(gr.evaluate(step), 0.5 * eval_s)
            for key, arr in scoring.collect():
                record_scores(results, key, arr)
            if args.write_every_eval:
                write_outputs(args, results, partial=True)
        if step >= n_steps:
            break
        # re-plan from the training speed measured so far: shrink whenever the plan no
        # longer fits the cap, grow only by a worthwhile amount (>= 5 %)
        step_s_now = t_train / max(1, s_trained)
        new_n = max(step, plan_steps(args.max_steps, step_s_now, eval_s, eval_at,
                                     deadline - time.time(), step))
        if new_n < n_steps or new_n >= min(args.max_steps, 1.05 * n_steps):
            if new_n != n_steps:
                log("  group %d: re-planned %d -> %d steps (%.2f ms/step, %.0f s left in cap)"
                    % (gi, n_steps, new_n, 1e3 * step_s_now, deadline - time.time()))
            n_steps = new_n
        if step >= n_steps and results[cfgs[0]["name"]]["evals"][-1]["step"] != step:
            gr.evaluate(step)
    if results[cfgs[0]["name"]]["evals"][-1]["step"] != step:
        gr.evaluate(step)
    # final ratemaps: kept for the npz
    for k, c in enumerate(cfgs):
        results[c["name"]]["final_step"] = step
        results[c["name"]]["loss_curve"] = [[s, _f(v[k])] for s, v in gr.curve]
        FINAL[c["name"]] = {"ratemaps": gr.last_maps[k].astype(np.float16),
                            "centres": gr.codes.centres[k].float().cpu().numpy()}
    ms_overall = 1e3 * t_train / max(1, s_trained)
    info.update({"steps_done": step, "wall_s": round(time.time() - g0, 1),
                 "train_s": round(t_train, 1), "ms_per_step_overall": round(ms_overall, 3)})
    log("  group %d done: %d steps, %.1f s wall (%.1f s training, %.2f ms/step overall)"
        % (gi, step, time.time() - g0, t_train, ms_overall))
    del gr
    if device.type == "cuda":
        torch.cuda.empty_cache()
    return info


FINAL = {}


def record_scores(results, key, arr):
    name, step = key
    for rec in results[name]["evals"]:
        if rec["step"] == step:
            rec.update(score_summary(arr))
            if arr is not None:
                s = score_summary(arr)
                log("  scores  %-52s step %6d  s60>0.3 %.3f  >0.8 %.3f  >1.15 %.3f  "
                    "max %.3f  n>0.8 %d"
                    % (name, step, s["frac_s60_gt_0.3"], s["frac_s60_gt_0.8"],
                       s["frac_s60_gt_1.15"], s["max_s60"] or float("nan"), s["n_s60_gt_0.8"]))
            break
    if arr is not None:
        LAST_SCORES[(name, step)] = arr.astype(np.float32)


LAST_SCORES = {}


def write_outputs(args, results, partial=False, meta=None):
    os.makedirs(args.out, exist_ok=True)
    doc = {"meta": meta or META, "partial": partial, "configs": results}
    tmp = os.path.join(args.out, "results.json.tmp")
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
    os.replace(tmp, os.path.join(args.out, "results.json"))


META = {}


def write_npz(args, results):
    """One compressed npz: final ratemaps (float16), centres, and per-unit scores at every
    evaluated step.  Keys mNN_* where NN is results[name]["npz_key"]."""
    arrays = {}
    names = list(results.keys())
    for i, name in enumerate(names):
        key = "m%02d" % i
        d = FINAL.get(name)
        if d is not None:
            arrays[key + "_ratemaps"] = d["ratemaps"]
            arrays[key + "_centres"] = d["centres"].astype(np.float32)
        steps = sorted(s for (n, s) in LAST_SCORES if n == name)
        for s in steps:
            arrays["%s_scores_step%d" % (key, s)] = LAST_SCORES[(name, s)]
        results[name]["npz_key"] = key
    arrays["names"] = np.array(names)
    path = os.path.join(args.out, "ratemaps.npz")
    np.savez_compressed(path, **arrays)
    return path


# ----------------------------------------------------------------------------- selftest
def _scalar_reference(draws, periodic, T=STEPS_T, L=BOX):
    """Plain-Python port of TrajectoryGenerator::next (src/train/trajectory.cpp)."""
    x0, y0, h0, speeds, noise = draws
    n = len(x0)
    pos = np.zeros((T + 1, n, 2))
    vel = np.zeros((T, n, 2))

    def wrap(a):
        w = math.fmod(a + math.pi, 2 * math.pi)
        if w < 0:
            w += 2 * math.pi
        w -= math.pi
        return -math.pi if w >= math.pi else w

    for b in range(n):
        x, y, h = float(x0[b]), float(y0[b]), float(h0[b])
        pos[0, b] = (x, y)
        for t in range(T):
            v, turn = float(speeds[t, b]), 0.0
            if not periodic:
                dists = [L - x, L - y, x, y]
                nearest = 0
                for w in range(1, 4):
                    if dists[w] < dists[nearest]:
                        nearest = w
                a = wrap(h - 0.5 * math.pi * nearest)
                if dists[nearest] < BORDER and abs(a) < 0.5 * math.pi:
                    v *= WALL_SLOW
                    turn = (1.0 if a >= 0 else -1.0) * (0.5 * math.pi - abs(a))
            turn += DT * float(noise[t, b])
            dx, dy = v * DT * math.cos(h), v * DT * math.sin(h)
            nx, ny = x + dx, y + dy
            if periodic:
                vel[t, b] = (dx / DT, dy / DT)
                nx -= L * math.floor(nx / L)
                ny -= L * math.floor(ny / L)
                nx = 0.0 if nx >= L else nx
                ny = 0.0 if ny >= L else ny
            else:
                nx, ny = min(max(nx, 0.0), L), min(max(ny, 0.0), L)
                vel[t, b] = ((nx - x) / DT, (ny - y) / DT)
            pos[t + 1, b] = (nx, ny)
            x, y, h = nx, ny, wrap(h + turn)
    return pos, vel


def selftest(device):
    torch.manual_seed(0)
    ok = True

    def check(name, cond, detail=""):
        nonlocal ok
        ok &= bool(cond)
        print("%-58s %s %s" % (name, "ok" if cond else "FAIL", detail), flush=True)

    # 1. dos target code >= 0 and sums to 1 (both conventions, both arenas)
    cfgs = [full_config(dict(n_g=16, n_p=64, B=8, conv=c, periodic=p, seed=s))
            for s, (c, p) in enumerate([("sorscher", False), ("nfl", False), ("nfl", True)])]
    codes = Codes(cfgs, device)
    pos = torch.rand(3, 500, 2, dtype=torch.float64, device=device) * BOX
    y64 = codes(pos, torch.float64)
    check("dos code >= 0", bool((y64 >= 0).all()), "min %.3g" % float(y64.min()))
    check("dos code sums to 1", float((y64.sum(-1) - 1).abs().max()) < 1e-12,
          "max |sum-1| %.2g" % float((y64.sum(-1) - 1).abs().max()))
    # and equals a direct per-point evaluation (loop, float64) of the C++ formula
    k, i = 2, 7
    c = codes.centres[k]
    d = (pos[k, i] - c).abs()
    d = torch.min(d, BOX - d)
    d2 = (d * d).sum(-1)
    si = 2 * SIGMA_E
    a = torch.softmax(-d2 / (2 * SIGMA_E ** 2), 0) - torch.softmax(-d2 / (2 * si * si), 0)
    a = a - a.min()
    a = a / a.sum()
    check("dos code matches a direct evaluation (periodic, nfl)",
          float((a - y64[k, i]).abs().max()) < 1e-14)
    # mixed-family group
    mixed = [full_config(dict(n_g=16, n_p=64, B=8, enc=e, seed=0)) for e in
             ("dos", "gaussian", "true-dog")]
    ym = Codes(mixed, device)(pos, torch.float64)
    check("gaussian code sums to 1", float((ym[1].sum(-1) - 1).abs().max()) < 1e-12)
    check("mixed-family group keeps dos rows", float((ym[0].sum(-1) - 1).abs().max()) < 1e-12)
    zm = torch.randn(3, 40, 64, dtype=torch.float64, device=device)
    lm = per_model_loss(zm, ym[:, :40], torch.tensor([False, False, True], device=device))
    check("true-dog loss is MSE, dos/gaussian cross-entropy (mixed group)",
          float((lm[:2] - per_model_loss(zm[:2], ym[:2, :40], False)).abs().max()) < 1e-12
          and abs(float(lm[2]) - float(torch.nn.functional.mse_loss(zm[2], ym[2, :40])))
          < 1e-12)

    # 2. trajectories: positions inside [0, L] for solid walls, [0, L) periodic
    g = torch.Generator(device=device)
    g.manual_seed(3)
    p, v = gen_trajectories(4000, False, g, device)
    check("solid positions in [0, L]", bool((p >= 0).all() and (p <= BOX).all()),
          "min %.4f max %.4f" % (float(p.min()), float(p.max())))
    check("solid velocity = displacement / dt",
          float((v - (p[1:] - p[:-1]) / DT).abs().max()) < 1e-9)
    speed = v.norm(dim=-1)
    check("mean speed near Rayleigh mean (wall slowdown lowers it)",
          0.6 * SPEED_SCALE * math.sqrt(math.pi / 2) < float(speed.mean())
          < 1.01 * SPEED_SCALE * math.sqrt(math.pi / 2), "%.4f" % float(speed.mean()))
    p2, v2 = gen_trajectories(4000, True, g, device)
    check("periodic positions in [0, L)", bool((p2 >= 0).all() and (p2 < BOX).all()))
    disp = (p2[1:] - p2[:-1]) - v2 * DT
    disp = disp - BOX * torch.round(disp / BOX)
    check("periodic velocity = unwrapped displacement / dt", float(disp.abs().max()) < 1e-9)

    # 2b. exact agreement with a scalar port of the C++ loop (same draws)
    draws = draw_trajectory_noise(300, g, device)
    for periodic in (False, True):
        p3, v3 = gen_trajectories(300, periodic, None, device, draws=draws)
        ref = _scalar_reference([d.cpu().numpy() for d in draws], periodic)
        worst = max(float(np.abs(p3.cpu().numpy() - ref[0]).max()),
                    float(np.abs(v3.cpu().numpy() - ref[1]).max()))
        check("trajectories == scalar C++ port (%s)" % ("periodic" if periodic else "solid"),
              worst < 1e-9, "max diff %.2g" % worst)
    near = draws[0].new_tensor([BOX - 0.01]), draws[1].new_tensor([1.0])
    hd = draws[2].new_tensor([0.3])
    sp = draws[3].new_full((STEPS_T, 1), 1.0)
    nz = draws[4].new_zeros((STEPS_T, 1))
    p4, v4 = gen_trajectories(1, False, None, device, draws=(near[0], near[1], hd, sp, nz))
    check("wall rule: slowed to 0.25 v and turned away at x = L - 1 cm",
          abs(float(v4[0, 0, 0]) - WALL_SLOW * math.cos(0.3)) < 1e-12
          and float(v4[1, 0, 1]) > 0.99 * WALL_SLOW, "v1 = (%.3f, %.3f)"
          % (float(v4[1, 0, 0]), float(v4[1, 0, 1])))

    # 3. ensemble forward equals a plain per-model forward
    cfgs = [full_config(dict(n_g=24, n_p=40, B=6, lr=lr, seed=s))
            for s, lr in enumerate((1e-3, 2e-3, 3e-3))]
    net = Ensemble(cfgs, device)
    K, T, B = 3, STEPS_T, 6
    vel = torch.randn(K, T, B, 2, device=device)
    code0 = torch.rand(K, B, 40, device=device)
    with torch.no_grad():
        H, z = net.forward(vel, code0)
        W = net.weights()
        err = 0.0
        for k in range(K):
            h = code0[k] @ W["enc"][k].T
            for t in range(T):
                h = torch.relu(vel[k, t] @ W["ih"][k].T + h @ W["hh"][k].T)
                err = max(err, float((h - H[k, t]).abs().max()))
                zt = h @ W["dec"][k].T
                err = max(err, float((zt - z[k, t * B:(t + 1) * B]).abs().max()))
    check("ensemble bmm forward == per-model forward", err < 1e-5, "max diff %.2g" % err)
    check("init bounds", all(float(W[n].abs().max()) <= net.bounds[n] for n in W))

    # 3b. gradients of the summed loss are per-model gradients
    y = torch.softmax(torch.randn(K, T * B, 40, device=device), -1)
    _, z = net.forward(vel, code0)
    (per_model_loss(z, y, False) + net.reg()).sum().backward()
    g_ens = net.flat.grad.clone()
    net.flat.grad = None
    k = 1
    flat1 = net.flat.detach()[k:k + 1].clone().requires_grad_(True)
    one = Ensemble([cfgs[k]], device)
    _, z1 = one.forward(vel[k:k + 1], code0[k:k + 1], flat=flat1)
    (per_model_loss(z1, y[k:k + 1], False) + one.reg(flat1)).sum().backward()
    gd = float((flat1.grad[0] - g_ens[k]).abs().max())
    check("ensemble gradient == single-model gradient", gd < 1e-5, "max diff %.2g" % gd)

    # 4. hand-written Adam == torch.optim.Adam over 3 steps (one model)
    one = Ensemble([full_config(dict(n_g=24, n_p=40, B=6, lr=3e-3, seed=5))], device)
    ref = one.flat.detach().clone().requires_grad_(True)
    opt = torch.optim.Adam([ref], lr=3e-3)
    gen = torch.Generator(device=device)
    gen.manual_seed(1)
    for it in range(3):
        v_ = torch.randn(1, T, B, 2, device=device, generator=gen)
        c_ = torch.rand(1, B, 40, device=device, generator=gen)
        y_ = torch.softmax(torch.randn(1, T * B, 40, device=device, generator=gen), -1)
        for flat, step in ((one.flat, one.adam_step), (ref, opt.step)):
            _, z_ = one.forward(v_, c_, flat=flat)
            (per_model_loss(z_, y_, False) + one.reg(flat)).sum().backward()
            step()
        opt.zero_grad()
    d = float((one.flat.detach() - ref.detach()).abs().max())
    moved = float((ref.detach() - Ensemble([full_config(dict(n_g=24, n_p=40, B=6, seed=5))],
                                            device).flat.detach()).abs().max())
    check("hand Adam == torch.optim.Adam (3 steps)", d < 1e-6 and moved > 1e-3,
          "max diff %.2g (moved %.3g)" % (d, moved))

    # 5. grid scorer on a hexagonal map
    import numpy_gridscore as ng
    hx = ng.hex_map(NBINS, 4 * np.pi / (np.sqrt(3) * 0.6))
    s = _score_chunk(np.stack([hx, np.random.RandomState(0).rand(NBINS, NBINS)]))
    check("grid score: hex map high, random map low", s[0, 0] > 1.0 and s[1, 0] < 0.5,
          "hex %.3f random %.3f" % (s[0, 0], s[1, 0]))
    print("SELFTEST", "PASSED" if ok else "FAILED", flush=True)
    return ok


# ----------------------------------------------------------------------------- main
def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--device", default=None, help="cuda or cpu (default: cuda if available)")
    ap.add_argument("--budget-s", type=float, default=480.0,
                    help="total wall-clock budget from process start (default 480)")
    ap.add_argument("--max-steps", type=int, default=30000)
    ap.add_argument("--eval-at", default="2000,4000,8000,12000,16000,20000,25000,30000",
                    help="comma-separated step counts; the last step is always evaluated")
    ap.add_argument("--eval-batches", type=int, default=50,
                    help="evaluation trajectories = eval-batches x B (default 50)")
    ap.add_argument("--eval-chunk", type=int, default=2000,
                    help="trajectories per evaluation forward pass")
    ap.add_argument("--traj-chunk", type=int, default=100,
                    help="training steps' worth of trajectories generated at once")
    ap.add_argument("--traj-seed", type=int, default=20240601)
    ap.add_argument("--workers", type=int, default=None,
                    help="grid-scoring processes (default min(12, cores - 2), 0 = inline)")
    ap.add_argument("--configs", default=None,
                    help="JSON file (or inline JSON) with a list of config overrides of BASE")
    ap.add_argument("--groups", default=None, help="comma-separated group indices to run")
    ap.add_argument("--out", default=None, help="output folder (default $OUT or ./explore_out)")
    ap.add_argument("--tiny", action="store_true",
                    help="smoke test: n_g 32, n_p 64, B 20, 300 steps, evals 100,300, 2 models")
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--list", action="store_true", help="print the groups and exit")
    ap.add_argument("--no-write-every-eval", dest="write_every_eval", action="store_false")
    args = ap.parse_args()
    if args.out is None:
        args.out = os.environ.get("OUT") or "./explore_out"
    args.eval_at = [int(x) for x in args.eval_at.split(",") if x.strip()]
    if args.tiny:
        args.max_steps = min(args.max_steps, 300)
        args.eval_at = [100, 300]
        args.eval_batches = min(args.eval_batches, 20)
        args.traj_chunk = min(args.traj_chunk, 50)
    return args


def load_configs(args):
    if args.tiny:
        raw = TINY_CONFIGS
    elif args.configs:
        s = args.configs
        raw = json.load(open(s)) if os.path.exists(s) else json.loads(s)
    else:
        raw = DEFAULT_CONFIGS
    cfgs = [full_config(c) for c in raw]
    names = [c["name"] for c in cfgs]
    if len(set(names)) != len(names):
        raise ValueError("duplicate config names")
    return cfgs


def no_tf32():
    """Full fp32 matmuls on the GPU (matches CPU float maths)."""
    def a():
        torch.backends.cuda.matmul.allow_tf32 = False

    def b():
        torch.backends.cudnn.allow_tf32 = False

    def c():
        torch.set_float32_matmul_precision("highest")
    for f in (a, b, c):
        try:
            f()
        except Exception as e:  # API changes across torch versions: report, go on
            print("note: TF32 setting failed: %r" % (e,), flush=True)


def main():
    args = parse_args()
    cfgs = load_configs(args)
    groups = group_configs(cfgs)
    if args.groups:
        keep = [int(x) for x in args.groups.split(",")]
        groups = [g for i, g in enumerate(groups) if i in keep]
    if args.list:
        for gi, g in enumerate(groups):
            print("group %d (%d models):" % (gi, len(g)))
            for c in g:
                print("   ", c["name"])
        return 0
    if args.selftest:
        if args.device is None:
            args.device = "cuda" if torch.cuda.is_available() else "cpu"
        device = torch.device(args.device)
        if device.type == "cuda":
            no_tf32()
        return 0 if selftest(device) else 1

    # the scoring pool is forked before anything touches CUDA
    ncpu = os.cpu_count() or 2
    workers = args.workers if args.workers is not None else max(1, min(12, ncpu - 2))
    scoring = Scoring(workers)
    if args.device is None:
        args.device = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device(args.device)

    os.makedirs(args.out, exist_ok=True)
    log.open(os.path.join(args.out, "log.txt"))
    if device.type == "cuda":
        no_tf32()
        torch.set_num_threads(2)
        dev_name = torch.cuda.get_device_name(device)
    else:
        dev_name = "cpu (%d threads)" % torch.get_num_threads()
    log("torch_explore: torch %s, numpy %s, device %s, %d scoring workers, budget %.0f s, "
        "max steps %d, out %s" % (torch.__version__, np.__version__, dev_name, workers,
                                  args.budget_s, args.max_steps, args.out))
    results = {}
    for c in cfgs:
        results[c["name"]] = {"config": {k: c[k] for k in ("n_g", "n_p", "B", "enc", "conv",
                                                          "lr", "seed", "periodic")},
                              "sigma_e_m": SIGMA_E,
                              "sigma_i_m": _f(surround_sigma(c)), "evals": []}
    META.update({"torch": torch.__version__, "device": dev_name, "budget_s": args.budget_s,
                 "max_steps": args.max_steps, "eval_at": args.eval_at,
                 "eval_trajectories_per_model": args.eval_batches * cfgs[0]["B"],
                 "box_m": BOX, "T": STEPS_T, "dt_s": DT, "nbins": NBINS,
                 "groups": [], "argv": sys.argv[1:],
                 "npz_columns_scores": ["score_60", "score_90", "score_60_minmax"]})
    for gi, g in enumerate(groups):
        log("group %d: %s" % (gi, ", ".join(c["name"] for c in g)))

    margin = max(8.0, 0.04 * args.budget_s)
    weights = [max(c.get("weight", 1.0) for c in g) for g in groups]
    for gi, g in enumerate(groups):
        left = args.budget_s - margin - elapsed()
        cap = left * weights[gi] / sum(weights[gi:])
        if cap < min(20.0, 0.1 * args.budget_s):
            log("group %d skipped: %.0f s would be left for it" % (gi, cap))
            META["groups"].append({"group": gi, "skipped": True,
                                   "models": [c["name"] for c in g]})
            continue
        try:
            info = run_group(gi, g, args, device, scoring, results, cap)
        except RuntimeError as e:   # e.g. out of memory: record and go on
            log("group %d failed: %r" % (gi, e))
            info = {"group": gi, "failed": repr(e)[:500]}
            if device.type == "cuda":
                torch.cuda.empty_cache()
        META["groups"].append(info)
        for key, arr in scoring.collect():
            record_scores(results, key, arr)
        write_npz(args, results)
        write_outputs(args, results, partial=True)

    wait = max(2.0, args.budget_s - elapsed() - 3.0)
    for key, arr in scoring.collect(block=True, timeout=wait):
        record_scores(results, key, arr)
    if scoring.pending:
        log("%d scoring jobs unfinished at the deadline" % len(scoring.pending))
    META["unscored"] = [list(k) for k, _ in scoring.pending]
    scoring.close()
    npz = write_npz(args, results)
    META["total_s"] = round(elapsed(), 1)
    write_outputs(args, results, partial=False)
    print_table(results)
    log("wrote %s (%.2f MB), %s; total %.1f s"
        % (npz, os.path.getsize(npz) / 1e6, os.path.join(args.out, "results.json"), elapsed()))
    return 0


def print_table(results):
    log("\n%-52s %6s %8s %8s %7s %6s %6s %6s %6s %4s"
        % ("config", "step", "loss", "evloss", "err_cm", ">0.3", ">0.8", ">1.15", "max60",
           "n.8"))
    for name, r in results.items():
        for e in r["evals"]:
            def g(k, fmt):
                v = e.get(k)
                return fmt % v if v is not None else "-"
            log("%-52s %6d %8s %8s %7s %6s %6s %6s %6s %4s"
                % (name, e["step"], g("train_loss", "%.4f"), g("eval_loss", "%.4f"),
                   g("decoding_error_cm", "%.2f"), g("frac_s60_gt_0.3", "%.3f"),
                   g("frac_s60_gt_0.8", "%.3f"), g("frac_s60_gt_1.15", "%.3f"),
                   g("max_s60", "%.3f"), g("n_s60_gt_0.8", "%d")))


if __name__ == "__main__":
    sys.exit(main())
