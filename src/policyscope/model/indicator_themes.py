"""Themes of indicators, so that pickers and lists can group ~100 indicators the way an analyst thinks of them
(R&D, talent, patents…) instead of by source code. A theme is chosen by the first pattern that matches the
indicator code; the patterns follow the codes' own conventions (World Bank topic prefixes, our source prefixes)."""

from __future__ import annotations

import re

THEMES: dict[str, tuple[str, str]] = {
    "rd": ("研发投入", "R&D investment"),
    "talent": ("科技人才", "Talent and education"),
    "science": ("科研论文与合作", "Publications and co-authorship"),
    "patents": ("专利与知识产权", "Patents and intellectual property"),
    "digital": ("数字基础设施", "Digital infrastructure"),
    "trade": ("高技术贸易与投资", "High-tech trade and investment"),
    "venture": ("风险投资与企业", "Venture capital and companies"),
    "economy": ("经济与价格", "Economy and prices"),
}

_RULES: tuple[tuple[str, str], ...] = (
    (r"^(NCSES\.VC|EUSB\.)", "venture"),
    (r"(GERD|^GB\.XPD\.RSDV)", "rd"),
    (r"^(SP\.POP\.(SCIE|TECH)|SE\.)", "talent"),
    (r"(ARTICLES|COAUTHOR|^IP\.JRN)", "science"),
    (r"(^IP\.|PCT|USPTO|ROYL|^IP_)", "patents"),
    (r"^IT\.", "digital"),
    (r"^(TX\.|NE\.EXP|BX\.KLT|NV\.MNF|BM\.)", "trade"),
)


def indicator_theme(code: str) -> str:
    """The theme code of an indicator; what matches no rule is economy and prices (GDP, deflators, FX, population)."""
    for pattern, theme in _RULES:
        if re.search(pattern, code):
            return theme
    return "economy"


def theme_label(theme: str, lang: str) -> str:
    zh, en = THEMES[theme]
    return zh if lang == "zh" else en
