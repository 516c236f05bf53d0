"""Migration planning: rules -> plan (changes with rule ids and reasons) -> overlay or in-place edits."""
