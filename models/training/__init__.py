"""RouteLab's neural training pipeline (RRNCO-S): environments, data, model, training, export.

Run every module from the repository root with Debian's interpreter, e.g.
``/usr/bin/python3 -m models.training.train --problem atsp --resume``. See README.md here.
"""
