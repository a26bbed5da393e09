"""A realistic synthetic catalog in the Papers with Code format, for tests and benchmarks.

python -m tools.synthetic 10000 --output synthetic.json [--seed 0]
python manage.py import_methods synthetic.json
"""

import argparse
import json
import random
from collections.abc import Iterable
from pathlib import Path

AREAS = {
    "Computer Vision": [
        "Convolutional Neural Networks",
        "Object Detection Models",
        "Image Generation Models",
        "Semantic Segmentation Models",
        "Vision Transformers",
    ],
    "Natural Language Processing": [
        "Language Models",
        "Word Embeddings",
        "Tokenizers",
        "Attention Mechanisms",
        "Machine Translation Models",
    ],
    "Reinforcement Learning": [
        "Policy Gradient Methods",
        "Value Function Estimation",
        "Off-Policy TD Control",
        "Exploration Strategies",
    ],
    "General": [
        "Stochastic Optimization",
        "Regularization",
        "Normalization",
        "Activation Functions",
        "Loss Functions",
        "Skip Connections",
    ],
    "Graphs": ["Graph Neural Networks", "Graph Embeddings"],
    "Audio": ["Speech Synthesis Models", "Audio Representations"],
    "Sequential": ["Recurrent Neural Networks", "Temporal Convolutions"],
    "Statistics": [
        "Hypothesis Testing",
        "Bayesian Inference",
        "Survival Analysis",
        "Resampling Methods",
    ],
}
PREFIXES = [
    "Adaptive",
    "Sparse",
    "Deep",
    "Contrastive",
    "Hierarchical",
    "Efficient",
    "Robust",
    "Latent",
    "Gated",
    "Dynamic",
    "Residual",
    "Multi-Scale",
    "Self-Supervised",
    "Bayesian",
    "Stochastic",
    "Masked",
    "Conditional",
    "Variational",
    "Recurrent",
    "Quantized",
]
CORES = [
    "Attention",
    "Diffusion",
    "Convolution",
    "Transformer",
    "Autoencoder",
    "Policy Optimization",
    "Normalization",
    "Dropout",
    "Embedding",
    "Pooling",
    "Boosting",
    "Sampling",
    "Regression",
    "Clustering",
    "Distillation",
    "Adapter",
    "Mixture of Experts",
    "Memory Network",
    "Flow",
    "Estimator",
]
SUFFIXES = [
    "",
    "Network",
    "Model",
    "Layer",
    "Method",
    "Algorithm",
    "Unit",
    "Block",
    "Module",
    "Test",
]
SENTENCES = [
    "{name} is a {kind} that {verb} {object}.",
    "It was introduced in {year} to address {problem}.",
    "Compared with earlier approaches, it {benefit}.",
    "The method is widely used for {use} and has several variants.",
]
VERBS = ["learns", "estimates", "compresses", "aligns", "regularizes", "samples", "decomposes"]
OBJECTS = [
    "latent representations of the input",
    "the gradient of the objective",
    "long-range dependencies",
    "a policy from experience",
    "the posterior distribution",
    "pairwise preferences",
]
PROBLEMS = [
    "the cost of training large models",
    "unstable optimization",
    "limited labelled data",
    "overfitting on small datasets",
    "slow inference",
]
BENEFITS = [
    "reduces memory use considerably",
    "converges faster",
    "generalizes better to unseen data",
    "is simpler to implement",
    "scales to much larger inputs",
]
USES = [
    "image classification",
    "language modelling",
    "control tasks",
    "survival analysis",
    "recommendation",
    "speech recognition",
]


def generate(count: int, seed: int = 0, taken: Iterable[str] = ()) -> list[dict]:
    """`count` distinct methods, none named as the catalog they join already names one (`taken`,
    in any case: the importer would skip it); the same seed always gives the same catalog."""
    rng = random.Random(seed)
    areas = list(AREAS)
    methods, names = [], set()
    taken = {name.casefold() for name in taken}
    while len(methods) < count:
        name = " ".join(
            part for part in (rng.choice(PREFIXES), rng.choice(CORES), rng.choice(SUFFIXES)) if part
        )
        if name in names or name.casefold() in taken:
            name = f"{name} {len(methods) + 1}"
        names.add(name)
        area = rng.choice(areas)
        year = rng.randint(1950, 2025)
        short = "".join(word[0] for word in name.replace("-", " ").split()).upper()
        arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(1, 99999):05d}"
        values = {
            "name": name,
            "kind": rng.choice(["method", "model", "training technique", "statistical procedure"]),
            "verb": rng.choice(VERBS),
            "object": rng.choice(OBJECTS),
            "year": year,
            "problem": rng.choice(PROBLEMS),
            "benefit": rng.choice(BENEFITS),
            "use": rng.choice(USES),
        }
        methods.append(
            {
                "name": f"{short}-{len(methods) + 1}",
                "full_name": name,
                "description": " ".join(s.format(**values) for s in SENTENCES),
                "introduced_year": year,
                "paper": {
                    "title": f"{name}: {values['benefit'].capitalize()}",
                    "url": f"https://arxiv.org/abs/{arxiv}" if year >= 2015 else "",
                },
                "source_url": f"https://example.org/papers/{len(methods) + 1}",
                "collections": [{"area": area, "collection": rng.choice(AREAS[area])}],
            }
        )
    return methods


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    methods = generate(args.count, seed=args.seed)
    args.output.write_text(json.dumps(methods, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(methods)} methods written to {args.output}")


if __name__ == "__main__":
    main()
