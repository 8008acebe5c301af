"""Claims: the model (`model`, `tags`), the store that keeps them (`store`, `storage`),
finding their words again in changed text (`anchoring`, `placing`), undoable changes
(`history`), and comparing them across sources (`figures`, `board`)."""
