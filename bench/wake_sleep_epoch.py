#!/usr/bin/python3
"""Reference: one training epoch of seed 003's MNIST model in PyTorch, the same work as
bench/wake_sleep_epoch_bench.cpp: recurrent stochastic inference (784-512-2x64, recurrence
64-512-2x64) and generation (64-512-2x784, recurrence 784-512-2x784) networks, softplus standard
deviations, the sample averaged with the recurrence's sample; Algorithm 1 (one critic on (x, z):
wake vs sleep) or Algorithm 2 (critics on x and z: bottom-up vs top-down, plus the critic-feature
reconstruction of x); critics 3 x 512 LeakyReLU(0.2) + linear; WGAN-GP (lambda 10, random
interpolation); Adam (2e-4, betas 0.5/0.999, weight decay 2.5e-5); one critic step then one network
step per batch of 512, on the setup's 60,000 MNIST training digits.
Usage: /usr/bin/python3 bench/wake_sleep_epoch.py {1|2} [cpu|cuda] [epochs]
Prints: algorithm, CPU seconds and wall seconds per epoch (means over the epochs after one warm-up epoch)."""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from mnist_stream import training_items

torch.set_num_threads(1)


def digits():
    return training_items(60000)[0]


class GaussianMlp(nn.Module):
    def __init__(self, inputs, outputs, hidden=512):
        super().__init__()
        self.hidden, self.output = nn.Linear(inputs, hidden), nn.Linear(hidden, 2 * outputs)

    def forward(self, x):
        mean, raw = self.output(F.relu(self.hidden(x))).chunk(2, 1)
        return mean + F.softplus(raw) * torch.randn_like(mean)


class RecurrentMap(nn.Module):
    def __init__(self, inputs, outputs):
        super().__init__()
        self.feedforward, self.recurrence = GaussianMlp(inputs, outputs), GaussianMlp(outputs, outputs)

    def forward(self, x):
        first = self.feedforward(x)
        return 0.5 * (first + self.recurrence(first))


class Critic(nn.Module):
    def __init__(self, inputs, hidden=512, layers=3):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(inputs if i == 0 else hidden, hidden) for i in range(layers)])
        self.output = nn.Linear(hidden, 1)

    def forward(self, x):
        hidden = []
        for layer in self.layers:
            x = F.leaky_relu(layer(x), 0.2)
            hidden.append(x)
        return self.output(x).squeeze(1), hidden


def penalty(critic, wake, sleep):
    e = torch.rand(wake.shape[0], 1, device=wake.device)
    x = (e * wake.detach() + (1 - e) * sleep.detach()).requires_grad_(True)
    g, = torch.autograd.grad(critic(x)[0].sum(), x, create_graph=True)
    return (g.flatten(1).norm(2, dim=1) - 1).pow(2).mean()


def sites(algorithm, inference, generation, x):
    z = inference(x)
    prior = torch.randn(x.shape[0], 64, device=x.device)
    if algorithm == 1:
        return [(torch.cat([x, z], 1), torch.cat([generation(prior), prior], 1), False)]
    return [(x, generation(z), True), (z, prior, False)]


def main():
    algorithm = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    device = torch.device(sys.argv[2] if len(sys.argv) > 2 else "cpu")
    epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    torch.manual_seed(7)
    data = digits().to(device)
    inference, generation = RecurrentMap(784, 64).to(device), RecurrentMap(64, 784).to(device)
    critics = [Critic(784 + 64).to(device)] if algorithm == 1 else [Critic(784).to(device), Critic(64).to(device)]
    adam = dict(lr=2e-4, betas=(0.5, 0.999), weight_decay=2.5e-5)
    net_opt = torch.optim.Adam(list(inference.parameters()) + list(generation.parameters()), **adam)
    critic_opt = torch.optim.Adam([p for c in critics for p in c.parameters()], **adam)
    times, cpu_times = [], []
    for epoch in range(epochs + 1):
        if device.type == "cuda":
            torch.cuda.synchronize()
        start, cpu_start = time.perf_counter(), time.process_time()
        order = torch.randperm(data.shape[0], device=device)
        for b in range(0, data.shape[0], 512):
            x = data[order[b:b + 512]]
            s = sites(algorithm, inference, generation, x)
            critic_opt.zero_grad()
            loss = 0
            for critic, (wake, other, _) in zip(critics, s):
                loss = loss - (critic(other.detach())[0].mean() - critic(wake.detach())[0].mean()) + 10 * penalty(critic, wake, other)
            loss.backward()
            critic_opt.step()
            net_opt.zero_grad()
            loss = 0
            for critic, (wake, other, reconstruct) in zip(critics, s):
                (wake_score, wake_hidden), (other_score, other_hidden) = critic(wake), critic(other)
                loss = loss + other_score.mean() - wake_score.mean()
                if reconstruct:
                    loss = loss + sum((a - b).pow(2).mean() for a, b in zip(wake_hidden, other_hidden))
            loss.backward()
            net_opt.step()
        if device.type == "cuda":
            torch.cuda.synchronize()
        if epoch > 0:
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
    print(algorithm, sum(cpu_times) / len(cpu_times), sum(times) / len(times))


if __name__ == "__main__":
    main()
