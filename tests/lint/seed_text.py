"""Texts for the lint tests: the seed article's original text (typo included), a plain rewrite,
and content files made of them next to the sample brand."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

SEED_TITLE = "The Benefits of Adding Botox or Dysport to Your Skincare Regime"
SEED_INTRO = (
    "The natural aging process reduces the elasticity and firmness of the skin, which manifests "
    "in the appearance of wrinkles and fine lines. While various skincare products claim to "
    "reduce the signs of aging and are available on the market, topical products are not "
    "aggressive enough to stop wrinkle formation.  Some people opt for another solution - "
    "Botox/Dysport. To learn the benefits of adding neuromodulators such as Botox and Dysport to "
    "your skincare regime and why they may be worth considering, keep reading!"
)
SEED_SECTION = (
    "Botox and Dysport are frequently employed injectable treatments for mitigating facial "
    "wrinkles and fine lines. These products are injected into the muscle beneath the skin, "
    "which relaxes the muscle and smooths the skin.  The duration of Botox and Dysport effects "
    "typically lasts 3-4 months."
)
SEED_BENEFITS = (
    (
        "Diminish the Fine Lines and Wrinkles",
        "smooth",
        "One of the widely recognized benefits of Botox and Dysport are their ability to "
        "diminish the visibility of fine lines and wrinkles. Integrating Botox or Dysport into "
        "an individual's skincare routine can minimize fine lines and wrinkles, ultimately "
        "leading to a more refined skin surface. These procedures can also provide an individual "
        "with a rejuvenated and revitalized aesthetic appearance.",
    ),
    (
        "Prevent Future Wrinkles",
        "shield",
        "Botox, Dysport and other neuromodulaors have the potential not only to diminish the "
        "visibility of current wrinkles but also to serve as a preventative measure against the "
        "development of future wrinkles.  These products induce muscle relaxation and inhibit "
        "contractile activity upon injection beneath the skin resulting in the prevention of the "
        "development of additional wrinkles and fine lines.",
    ),
    (
        "Improves Skin Texture",
        "texture",
        "Botox and Dysport can also help to improve the overall texture of your skin. Upon "
        "injection into the skin, the products exhibit the potential to facilitate the "
        "stimulation of collagen synthesis. Collagen is a protein variety that is crucial in "
        "maintaining optimal skin health. It helps to keep the skin firm and supple and can also "
        "help to improve skin texture.",
    ),
)
SEED_SAFETY = (
    "When considering these treatment modalities, it is essential to consult with a qualified "
    "medical professional before undergoing any cosmetic procedure."
)
"""The seed article, as first received: a first intro at grade 12-13 and a typo in the second
benefit ("neuromodulaors")."""

PLAIN_INTRO = (
    "As we get older, our skin gets thinner and less firm. Lines and wrinkles start to show. "
    "Creams can help the skin, but they can not stop new lines. Some people choose a small "
    "injection instead. Read on to find out what it can do for you."
)
"""A plain-language rewrite of the seed's intro, well under grade 8."""


def block(text: str, indent: int) -> str:
    """``text`` as a YAML literal block, wrapped at 90 columns, at ``indent`` spaces."""
    lines = textwrap.wrap(text, 90, break_on_hyphens=False, break_long_words=False)
    return "|\n" + "".join(" " * indent + line + "\n" for line in lines)


def content_yaml(
    *,
    title: str = SEED_TITLE,
    intro: str = SEED_INTRO,
    heading: str = "What is it?",
    section: str = SEED_SECTION,
    benefits: Sequence[tuple[str, str, str]] = SEED_BENEFITS,
    safety: str = SEED_SAFETY,
    locale: str = "en",
    brand: str = "assets/brand.yaml",
    image: tuple[str, str] | None = None,
    extra: str = "",
) -> str:
    """A content file with the given texts (the seed's by default) and the sample brand."""
    text = f"title: {title}\nlocale: {locale}\nbrand: {brand}\nintro: {block(intro, 2)}"
    text += f"sections:\n  - heading: {heading}\n    body: {block(section, 6)}"
    if image is not None:
        text += f"    image:\n      path: {image[0]}\n      alt: {image[1]}\n"
    text += "benefits:\n"
    for title, icon, body in benefits:
        text += f"  - title: {title}\n    icon: {icon}\n    body: {block(body, 6)}"
    return text + f"safety_note: {block(safety, 2)}" + extra


def line_of(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column where ``needle`` first occurs in the file at ``path``."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} is not in {path}")
