"""The kit served to a class: `lab` (JupyterLab with the kit's settings in `jupyter/`),
`safe_pull` (class links that never overwrite a student's work), `class_links`."""
