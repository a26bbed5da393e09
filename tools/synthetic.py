"""A realistic synthetic catalog in the Papers with Code format, for tests and benchmarks.

python -m tools.synthetic 10000 --output synthetic.json [--seed 0]
python manage.py import_methods synthetic.json
"""

import argparse
import json
import random
import re
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
# What a synthetic method says: sentences of the bundled catalog's English summaries, so that
# its words are as common or as rare as a real catalog's. Four template sentences shared by every
# method made 3 in 10 of the benchmark's random searches find all 10,000 methods (on the bundled
# catalog, 1 in 20 finds half of it).
BUNDLED = Path(__file__).resolve().parent.parent / "methods" / "data" / "methods"
SENTENCES_EACH = 3
BENEFITS = [
    "reduces memory use considerably",
    "converges faster",
    "generalizes better to unseen data",
    "is simpler to implement",
    "scales to much larger inputs",
]


def bundled_sentences() -> list[str]:
    """Every sentence of the bundled summaries in English, in a fixed order. Read from the files
    themselves: the benchmark runs this without Django (methods.dataset needs it)."""
    summaries = [
        method["summary"]["en"]
        for path in sorted(BUNDLED.glob("*.json"))
        for method in json.loads(path.read_text(encoding="utf-8"))["methods"]
    ]
    return [s for text in summaries for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def generate(count: int, seed: int = 0, taken: Iterable[str] = ()) -> list[dict]:
    """`count` distinct methods, none named as the catalog they join already names one (`taken`,
    in any case: the importer would skip it); the same seed always gives the same catalog."""
    rng = random.Random(seed)
    sentences = bundled_sentences()
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
        methods.append(
            {
                "name": f"{short}-{len(methods) + 1}",
                "full_name": name,
                "description": " ".join(rng.sample(sentences, SENTENCES_EACH)),
                "introduced_year": year,
                "paper": {
                    "title": f"{name}: {rng.choice(BENEFITS).capitalize()}",
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
