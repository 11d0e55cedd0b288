"""Pages of the clinical app: thin views that authorise, call one service or selector, render."""
