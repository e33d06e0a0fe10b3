"""The weights of a CRFsuite model file, read exactly.

pycrfsuite's ``Tagger.info()`` parses CRFsuite's text dump, which prints each weight with six
decimals (and takes ~170 ms for the fast tagger's model, against ~20 ms here);
:class:`unspin.tagging.fast.CrfScorer` needs them as trained (doubles), so this reads the model
file itself. The layout is CRFsuite's ``crf1dm`` format (``lib/crf/src/crf1d_model.c``
and ``lib/cqdb/src/cqdb.c`` in CRFsuite 0.12), all little-endian:

- a 48-byte header: ``lCRF``, file size, ``FOMC``, version, feature/label/attribute counts, then
  the offsets of the feature chunk, the label and attribute dictionaries, and two reference chunks;
- the feature chunk: ``FEAT``, size, count, then 20 bytes a feature: type (0 state: attribute ->
  label, 1 transition: label -> label), source id, destination id, weight (double);
- each dictionary is a CQDB: ``CQDB``, size, flags, byte order, the number of ids and the offset of
  the array that gives, for each id, the offset of its record (id, key size, key with a final NUL).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError


@dataclass
class CrfWeights:
    labels: list[str]
    #: every attribute name in the model's dictionary
    attributes: list[str]
    #: (attribute, label) -> weight
    state: dict[tuple[str, str], float]
    #: (label, next label) -> weight
    transition: dict[tuple[str, str], float]


def _cqdb(data: bytes, offset: int) -> list[str]:
    chunk, _size, _flag, _order, count, backward = struct.unpack_from("<4sIIIII", data, offset)
    if chunk != b"CQDB":
        raise ValueError(f"no CQDB dictionary at offset {offset}")
    keys = []
    for i, (rec,) in enumerate(struct.iter_unpack("<I", data[offset + backward:offset + backward + 4 * count])):
        rid, size = struct.unpack_from("<II", data, offset + rec)
        if rid != i or size < 1:
            raise ValueError(f"dictionary record {i} is inconsistent")
        keys.append(data[offset + rec + 8:offset + rec + 7 + size].decode("utf-8"))
    return keys


def read_weights(path: Path) -> CrfWeights:
    """The labels, state weights and transition weights of the CRFsuite model at `path`."""
    try:
        data = path.read_bytes()
        magic, _size, kind, _version, _nf, _nl, _na, off_feat, off_labels, off_attrs, _lr, _ar = \
            struct.unpack_from("<4sI4sIIIIIIIII", data, 0)
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError("not a CRFsuite 1d-CRF model")
        labels, attrs = _cqdb(data, off_labels), _cqdb(data, off_attrs)
        chunk, _csize, count = struct.unpack_from("<4sII", data, off_feat)
        if chunk != b"FEAT":
            raise ValueError("no feature chunk")
        state, transition = {}, {}
        for kind_id, src, dst, w in struct.iter_unpack("<IIId", data[off_feat + 12:off_feat + 12 + 20 * count]):
            if kind_id == 0:
                state[attrs[src], labels[dst]] = w
            elif kind_id == 1:
                transition[labels[src], labels[dst]] = w
            else:
                raise ValueError(f"unknown feature type {kind_id}")
    except (OSError, struct.error, IndexError, UnicodeDecodeError, ValueError) as err:
        raise ModelError(f"the CRF model {path} cannot be read: {err}") from None
    return CrfWeights(labels, attrs, state, transition)
