"""Claims out and back in: gathered by article (`gathering`), written in a format (one
module each in `formats/`), made safe for where they go (`escaping`), written to files
(`files`), read back (`importing`), copied (`clipboard`)."""
