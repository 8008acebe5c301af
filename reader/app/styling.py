"""Component-class styles as Rich styles, with alpha blended over the widget's background.

`get_component_rich_style(partial=True)` drops the alpha of theme colours ("$primary 12%"
comes out as full primary), so the reader's subtle styles are blended here instead.
"""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


def component_style(widget: Widget, name: str) -> Style:
    styles = widget.get_component_styles(name)
    _, base = widget.background_colors
    # `auto` colours ($text, $text-muted) are white or black, whichever stands out on `base`.
    foreground = base.get_contrast_text(styles.color.a) if styles.auto_color else styles.color
    color = (base + foreground).rich_color if styles.has_rule("color") else None
    bgcolor = (base + styles.background).rich_color if styles.has_rule("background") else None
    return Style(color=color, bgcolor=bgcolor) + styles.text_style
