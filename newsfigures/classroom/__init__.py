"""The classroom commands: `lab` (JupyterLab, locked down), `build` (editions and handouts), `annotate`."""
