"""The claims of the board: the bundled collection's case of two sources dating one "first
time" differently, and one survey's two figures. Shared by the board's tests and the
screenshot script."""

from __future__ import annotations

#: The claims of the board picture: two sources dating one "first time" differently, and
#: one survey's two figures. (article id beginning, words)
BOARD_CLAIMS = [
    (
        "000_7feee96b41956d04/china-overtakes",
        "for the week of February 16-22, the weekly token调用量 of Chinese AI "
        "models surpassed that of the United States for the first time, reaching 5.16 trillion tokens",
    ),
    (
        "000_7feee96b41956d04/chinas-ai-usage-surges",
        "during the week of September 9 to 15, the aggregate usage of "
        "Chinese AI models, measured in tokens processed, reached 4.12 trillion. This figure surpassed the 2.94 "
        "trillion tokens recorded for U.S. models in the same period",
    ),
    ("003_2482174482ea82ec/china-leads", "83 percent of Chinese respondents actively used generative AI"),
    ("003_2482174482ea82ec/china-leads", "where 65 percent of respondents said they had adopted the technology"),
]
