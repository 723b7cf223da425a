#!/usr/bin/python3
"""PyTorch eager peer of lm.train on tiny Shakespeare (issue 5's speed benchmark).

The model and loop of configs/lm-shakespeare-nanogpt.json, written for this benchmark in plain PyTorch:
a character GPT with 4 pre-LayerNorm blocks, 4 heads, width 128, context 64, biases in every linear map
and LayerNorm, an output layer of its own (not tied to the embedding), GELU MLP of 4x width, attention
computed by hand with a causal mask (torch 1.13 has no fused attention); AdamW (betas 0.9/0.99, no weight
decay), warm-up 100 steps then cosine from 1e-3 to 1e-4 over 2,000 steps, global-norm clipping at 5,
batches of 12 random windows, loss.item() every step (as lm.train). --nanogpt switches to nanoGPT's own
choices for the four free fields (no biases, tied embedding, weight decay 0.1 on matrices, clipping at 1).

Run with Debian's python3-torch:

    /usr/bin/python3 bench/peers/nanogpt_char.py --threads 1 --only step      # ms per training iteration
    /usr/bin/python3 bench/peers/nanogpt_char.py --threads 1 --only phases    # the iteration's ms by phase
    /usr/bin/python3 bench/peers/nanogpt_char.py --threads 1 --only sample    # tokens/s without a cache
    /usr/bin/python3 bench/peers/nanogpt_char.py --threads 1 --only train     # 2,000 iterations, final val loss

Results are `name value` lines; everything else starts with '#'.
"""

import argparse
import gc
import math
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "..", "shared", "corpora", "tinyshakespeare", "input.txt")

WIDTH, HEADS, LAYERS, CONTEXT, BATCH = 128, 4, 4, 64, 12
STEPS, WARMUP, PEAK_LR, MIN_LR = 2000, 100, 1e-3, 1e-4
BIAS, TIED, WEIGHT_DECAY, CLIP = True, False, 0.0, 5.0  # the config's; --nanogpt sets nanoGPT's False, True, 0.1, 1


def emit(name, value):
    print(f"{name} {value:.4f}", flush=True)


def note(text):
    print(f"# {text}", flush=True)


class Block(nn.Module):
    def __init__(self, residual_std):
        super().__init__()
        self.norm1 = nn.LayerNorm(WIDTH, elementwise_affine=True)
        self.qkv = nn.Linear(WIDTH, 3 * WIDTH, bias=BIAS)
        self.proj = nn.Linear(WIDTH, WIDTH, bias=BIAS)
        self.norm2 = nn.LayerNorm(WIDTH, elementwise_affine=True)
        self.up = nn.Linear(WIDTH, 4 * WIDTH, bias=BIAS)
        self.down = nn.Linear(4 * WIDTH, WIDTH, bias=BIAS)
        # torch 1.13's LayerNorm always has a shift; drop it to match a model without biases.
        if not BIAS:
            for norm in (self.norm1, self.norm2):
                norm.bias = None
        for linear in (self.qkv, self.proj, self.up, self.down):
            if linear.bias is not None:
                nn.init.zeros_(linear.bias)
        nn.init.normal_(self.qkv.weight, 0, 0.02)
        nn.init.normal_(self.up.weight, 0, 0.02)
        nn.init.normal_(self.proj.weight, 0, residual_std)
        nn.init.normal_(self.down.weight, 0, residual_std)
        self.register_buffer("mask", torch.ones(CONTEXT, CONTEXT).tril().eq(0))

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(self.norm1(x)).split(c, dim=-1)
        q = q.view(b, t, HEADS, c // HEADS).transpose(1, 2)
        k = k.view(b, t, HEADS, c // HEADS).transpose(1, 2)
        v = v.view(b, t, HEADS, c // HEADS).transpose(1, 2)
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(c // HEADS)
        scores = scores.masked_fill(self.mask[:t, :t], float("-inf"))
        heads = F.softmax(scores, dim=-1) @ v
        x = x + self.proj(heads.transpose(1, 2).contiguous().view(b, t, c))
        return x + self.down(F.gelu(self.up(self.norm2(x))))


class CharGpt(nn.Module):
    def __init__(self, vocabulary):
        super().__init__()
        self.tokens = nn.Embedding(vocabulary, WIDTH)
        self.positions = nn.Embedding(CONTEXT, WIDTH)
        nn.init.normal_(self.tokens.weight, 0, 0.02)
        nn.init.normal_(self.positions.weight, 0, 0.02)
        self.blocks = nn.ModuleList(Block(0.02 / math.sqrt(2 * LAYERS)) for _ in range(LAYERS))
        self.norm = nn.LayerNorm(WIDTH)
        if not BIAS:
            self.norm.bias = None
        self.head = None if TIED else nn.Linear(WIDTH, vocabulary, bias=False)
        if self.head is not None:
            nn.init.normal_(self.head.weight, 0, 0.02)

    def forward(self, ids):
        t = ids.shape[1]
        x = self.tokens(ids) + self.positions(torch.arange(t))
        for block in self.blocks:
            x = block(x)
        x = self.norm(x)
        return x @ self.tokens.weight.t() if self.head is None else self.head(x)

    def loss(self, ids, targets):
        logits = self(ids)
        return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))


def load_corpus():
    with open(CORPUS, encoding="utf-8") as f:
        text = f.read()
    vocabulary = sorted(set(text))
    index = {ch: i for i, ch in enumerate(vocabulary)}
    ids = torch.tensor([index[ch] for ch in text], dtype=torch.long)
    cut = len(ids) - len(ids) // 10  # the last tenth validates, as lm.train's rule for a single text
    return ids[:cut], ids[cut:], len(vocabulary)


def batch(ids, generator):
    starts = torch.randint(0, len(ids) - CONTEXT, (BATCH,), generator=generator)
    window = starts.unsqueeze(1) + torch.arange(CONTEXT)
    return ids[window], ids[window + 1]


def learning_rate(step):
    if step < WARMUP:
        return PEAK_LR * (step + 1) / (WARMUP + 1)  # as lm.train's WarmupCosineSchedule
    progress = min(1.0, (step - WARMUP) / max(1, STEPS - WARMUP))
    return MIN_LR + 0.5 * (PEAK_LR - MIN_LR) * (1 + math.cos(math.pi * progress))


def new_training(seed):
    torch.manual_seed(seed)
    train, validation, vocabulary = load_corpus()
    model = CharGpt(vocabulary)
    matrices = [p for p in model.parameters() if p.dim() >= 2]
    vectors = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([
        {"params": matrices, "weight_decay": WEIGHT_DECAY},
        {"params": vectors, "weight_decay": 0.0},
    ], lr=PEAK_LR, betas=(0.9, 0.99))
    return model, optimizer, train, validation


def train_step(model, optimizer, train, generator, step):
    for group in optimizer.param_groups:
        group["lr"] = learning_rate(step)
    inputs, targets = batch(train, generator)
    optimizer.zero_grad(set_to_none=True)
    loss = model.loss(inputs, targets)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
    optimizer.step()
    return loss.item()


def bench_step(runs, iterations, warmup):
    model, optimizer, train, _ = new_training(0)
    generator = torch.Generator().manual_seed(1)
    step = 0
    for _ in range(warmup):
        train_step(model, optimizer, train, generator, step)
        step += 1
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(iterations):
            train_step(model, optimizer, train, generator, step)
            step += 1
        times.append((time.perf_counter() - start) / iterations * 1e3)
    note(f"lm_step_ms per run: {', '.join(f'{t:.2f}' for t in times)}")
    emit("lm_step_ms", statistics.median(times))


def bench_phases(iterations, warmup):
    """Where an iteration's time goes: forward (batch draw included), backward, clipping, AdamW, each timed alone."""
    model, optimizer, train, _ = new_training(0)
    generator = torch.Generator().manual_seed(1)
    totals = [0.0, 0.0, 0.0, 0.0]
    for i in range(warmup + iterations):
        start = time.perf_counter()
        inputs, targets = batch(train, generator)
        optimizer.zero_grad(set_to_none=True)
        loss = model.loss(inputs, targets)
        forward = time.perf_counter()
        loss.backward()
        backward = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        clip = time.perf_counter()
        optimizer.step()
        loss.item()
        end = time.perf_counter()
        if i >= warmup:
            for k, span in enumerate((forward - start, backward - forward, clip - backward, end - clip)):
                totals[k] += span
    for name, total in zip(("forward", "backward", "clip", "optimizer"), totals):
        emit(f"lm_phase_{name}_ms", total / iterations * 1e3)


@torch.no_grad()
def generate_without_cache(model, count, generator):
    ids = torch.zeros((1, 1), dtype=torch.long)
    for _ in range(count):
        logits = model(ids[:, -CONTEXT:])[:, -1, :]
        drawn = torch.multinomial(F.softmax(logits, dim=-1), 1, generator=generator)
        ids = torch.cat([ids, drawn], dim=1)
    return ids


def bench_sample(runs, tokens):
    model, _, _, _ = new_training(0)
    model.eval()
    generator = torch.Generator().manual_seed(2)
    generate_without_cache(model, 20, generator)
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        generate_without_cache(model, tokens, generator)
        rates.append(tokens / (time.perf_counter() - start))
    note(f"lm_sample_tokens_per_s per run: {', '.join(f'{r:.0f}' for r in rates)}")
    emit("lm_sample_tokens_per_s", statistics.median(rates))


@torch.no_grad()
def mean_loss(model, ids, batches, generator):
    model.eval()
    total = sum(model.loss(*batch(ids, generator)).item() for _ in range(batches))
    model.train()
    return total / batches


def resident_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def bench_rss(steps, warmup, eval_batches):
    """Resident memory over `steps` training steps with the train and validation loss estimates every 250, as the
    side-by-side harness's lm-rss: the reading at `warmup` is the reference for every later one."""
    model, optimizer, train, validation = new_training(0)
    generator = torch.Generator().manual_seed(1)
    reference, worst = 0.0, 0.0
    for step in range(1, steps + 1):
        train_step(model, optimizer, train, generator, step - 1)
        if step % 250 != 0:
            continue
        for ids in (train, validation):
            mean_loss(model, ids, eval_batches, torch.Generator().manual_seed(1))
        gc.collect()
        resident = resident_mb()
        if step == warmup:
            reference = resident
        elif step > warmup:
            worst = max(worst, abs(resident / reference - 1))
        note(f"step {step}: {resident:.1f} MB")
    emit(f"lm_rss_mb_at_{warmup}", reference)
    emit(f"lm_rss_mb_at_{steps}", resident_mb())
    emit("lm_rss_max_relative_change", worst)


def train_full(seed, eval_batches):
    model, optimizer, train, validation = new_training(seed)
    generator = torch.Generator().manual_seed(seed + 1)
    start = time.perf_counter()
    for step in range(STEPS):
        train_step(model, optimizer, train, generator, step)
        if (step + 1) % 250 == 0:
            val = mean_loss(model, validation, eval_batches, torch.Generator().manual_seed(seed + 2))
            note(f"step {step + 1} val {val:.4f} ({time.perf_counter() - start:.0f} s)")
    emit("lm_final_val_loss", mean_loss(model, validation, eval_batches, torch.Generator().manual_seed(seed + 2)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--only", choices=["step", "phases", "sample", "rss", "train"], default="step")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=100, help="training iterations per timed run")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--tokens", type=int, default=500, help="tokens per sampling run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--eval-batches", type=int, default=50)
    parser.add_argument("--rss-steps", type=int, default=10_000, help="training steps of the resident-memory check")
    parser.add_argument("--nanogpt", action="store_true", help="nanoGPT's biases, tying and weight decay")
    args = parser.parse_args()
    if args.nanogpt:
        global BIAS, TIED, WEIGHT_DECAY, CLIP
        BIAS, TIED, WEIGHT_DECAY, CLIP = False, True, 0.1, 1.0
    if args.threads:
        torch.set_num_threads(args.threads)
    note(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    if args.only == "step":
        bench_step(args.runs, args.iterations, args.warmup)
    elif args.only == "phases":
        bench_phases(2 * args.iterations, args.warmup)
    elif args.only == "sample":
        bench_sample(args.runs, args.tokens)
    elif args.only == "rss":
        bench_rss(args.rss_steps, min(500, args.rss_steps), args.eval_batches)
    else:
        train_full(args.seed, args.eval_batches)


if __name__ == "__main__":
    main()
