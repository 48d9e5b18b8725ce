"""The generated population (:class:`Population`) and its output as files and frames."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..profile import Invitation, Profile

if TYPE_CHECKING:
    import pandas as pd

#: Every generated record has these keys: an empty section is written as ``""`` or
#: ``[]`` (known to be empty), never left out (which would mean "unknown").
_SECTIONS: dict[str, str | list[Any]] = {
    "headline": "",
    "about": "",
    "experience": [],
    "education": [],
    "skills": [],
}


@dataclass(frozen=True)
class Population:
    """A generated population of profiles with labels and archetypes.

    Attributes
    ----------
    profiles : list of Profile
        Validated profiles.
    labels : numpy.ndarray
        ``int8``; 1 = fake, after label noise.
    true_labels : numpy.ndarray
        ``int8``; before label noise.
    kinds : list of str
        The archetype of each profile (keys of
        :data:`~fakeprofile.synthetic.GENUINE_KINDS` and
        :data:`~fakeprofile.synthetic.FAKE_KINDS`); classic and ordinary copycats
        are both ``"fake_copycat"``.
    invitations : list of Invitation or None
        An invitation sent by each profile to a generated recipient (``None`` for some).
    sources : list of str or None
        For copycats, the id of the profile they copied; ``None`` otherwise.
    copied : list of tuple of str
        For copycats, which parts were copied (``"photo"``, ``"about"``, ``"headline"``,
        ``"experience"``, ``"education"``, ``"skills"``); empty otherwise.
    references : list of Profile
        Genuine profiles for a reference index: every profile copied from, every
        colleague (sharing boilerplate text) and a quarter of the other genuine members.
        When the population has no genuine member (``fake_rate=1``), copycats copy
        members generated outside it (ids ``ref-NNNN``), found only here.
    """

    profiles: list[Profile]
    labels: np.ndarray
    true_labels: np.ndarray
    kinds: list[str]
    invitations: list[Invitation | None]
    sources: list[str | None] = field(default_factory=list)
    copied: list[tuple[str, ...]] = field(default_factory=list)
    references: list[Profile] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.profiles)

    def write_jsonl(self, path: str | Path, *, label_field: str = "label") -> Path:
        """Write the profiles as JSON Lines, each with its (noisy) label, for training.

        Parameters
        ----------
        path : str or Path
            The file to write (replaced if it exists).
        label_field : str
            Name of the label field added to each record (1 = fake, 0 = genuine).

        Returns
        -------
        Path
            ``path``.

        Raises
        ------
        ValueError
            When ``label_field`` is empty or is a profile field.

        Notes
        -----
        Photos in the file's folder (or below it) are written as paths
        relative to the file, as :func:`fakeprofile.read_profiles` requires;
        others keep their path (and are refused when read, unless read with a
        ``photo_root`` that holds them).
        """
        if not label_field or label_field in Profile.model_fields:
            raise ValueError(
                f"label_field must be a non-empty name that is not a profile field, "
                f"got {label_field!r}"
            )
        out = Path(path)
        folder = out.resolve().parent
        with out.open("w", encoding="utf-8") as f:
            for profile, label in zip(self.profiles, self.labels, strict=True):
                # Only defaults are left out: a None that differs from its default (lifetime
                # activity, window_days=None) must stay, and so must every section the
                # profile states, empty or not (a missing one would read as unknown).
                record = profile.model_dump(mode="json", exclude_defaults=True)
                if profile.photo is not None:  # readers take photos relative to the file
                    record["photo"] = _relative_photo(profile.photo, folder)
                stated = [k for k in _SECTIONS if k not in record and k in profile.model_fields_set]
                if stated:
                    record.update(profile.model_dump(mode="json", include=set(stated)))
                record[label_field] = int(label)
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per profile: ``id``, ``kind``, ``label``, ``true_label``, ``source``.

        Examples
        --------
        >>> from fakeprofile.synthetic import generate
        >>> generate(50, seed=1).to_frame().columns.tolist()
        ['id', 'kind', 'label', 'true_label', 'source']
        """
        import pandas as pd

        return pd.DataFrame(
            {
                "id": [p.id for p in self.profiles],
                "kind": self.kinds,
                "label": self.labels,
                "true_label": self.true_labels,
                "source": self.sources or [None] * len(self.profiles),
            }
        )


def _relative_photo(photo: str, folder: Path) -> str:
    """``photo`` relative to ``folder`` when it lies inside it, else as it is."""
    resolved = Path(photo).resolve()
    if folder in resolved.parents:
        return resolved.relative_to(folder).as_posix()
    return photo


def reference_profiles(population: Population) -> list[Profile]:
    """The genuine profiles to register in a reference index for this population.

    Every profile a copycat copied from, every colleague (whose shared boilerplate
    makes genuine members match each other) and a quarter of the other genuine
    members, so that the copy signals fire on copycats and, sometimes, on genuine
    colleagues.

    Parameters
    ----------
    population : Population
        As returned by :func:`~fakeprofile.synthetic.generate`.

    Returns
    -------
    list of Profile

    Examples
    --------
    >>> from fakeprofile.synthetic import generate
    >>> pop = generate(300, seed=2)
    >>> sources = {s for s in pop.sources if s}
    >>> sources <= {p.id for p in reference_profiles(pop)}
    True
    """
    return list(population.references)


def _summary(population: Population) -> dict[str, dict[str, float]]:
    """Missing-data rates per class, as documented in the :mod:`fakeprofile.synthetic` docstring."""
    out: dict[str, dict[str, float]] = {}
    for label, name in ((0, "genuine"), (1, "fake")):
        sel: Sequence[Profile] = [
            p
            for p, t in zip(population.profiles, population.true_labels, strict=True)
            if t == label
        ]
        m = max(len(sel), 1)
        out[name] = {
            "no_activity": sum(p.activity_totals() is None for p in sel) / m,
            "no_photo": sum(p.photo_known is False for p in sel) / m,
            "no_about": sum(not p.about for p in sel) / m,
        }
    return out
