"""EC (disperse) geometry: where a brick's fragment bytes sit in the file.

A disperse set of k + r bricks (``disperse 3 redundancy 1``: k = 2 data fragments
per stripe, r = 1 redundant) cuts a file into stripes of ``k * chunk`` bytes (chunk =
EC_METHOD_CHUNK_SIZE, 512) and stores one encoded chunk of every stripe on each brick
(the seed's EC notes walk through it by hand). So a brick file is ``1/k`` of the
file, and a READ or WRITE a brick sees at fragment offset ``o``, size ``s`` is file
bytes ``o*k .. (o+s)*k``: stripes ``o/chunk .. (o+s)/chunk - 1``. EC only ever
writes whole stripes; a write that starts or ends inside one needs the rest of that
stripe (read first, or held in the client's stripe cache) -- see
hexview.protocols.rpc.gluster.ec_story.

The geometry comes from ``trusted.ec.config`` (8 bytes: version, algorithm, word
size, bricks, redundancy, 24-bit chunk size; gluster_xattrs.ksy decodes it) or, when
no file's config was captured, from the volfile's ``cluster/disperse`` section.
"""

from __future__ import annotations

from dataclasses import dataclass

CHUNK = 512  # EC_METHOD_CHUNK_SIZE: the volfile does not say it, every config seen has it


@dataclass(frozen=True, slots=True)
class Geometry:
    k: int  # data fragments per stripe
    r: int  # redundant fragments
    chunk: int = CHUNK

    @property
    def stripe(self) -> int:
        """File bytes per stripe."""
        return self.k * self.chunk

    def file_range(self, offset: int, size: int) -> tuple[int, int]:
        """The file bytes [start, end) a fragment range [offset, offset + size) holds."""
        return offset * self.k, (offset + size) * self.k

    def stripes(self, offset: int, size: int) -> tuple[int, int] | None:
        """The first and last stripe a fragment range covers (None when empty)."""
        if size <= 0:
            return None
        return offset // self.chunk, (offset + size - 1) // self.chunk

    def stripe_of(self, file_offset: int) -> int:
        return file_offset // self.stripe

    def text(self) -> str:
        return f"{self.k}+{self.r}, chunk {self.chunk} (stripe {self.stripe})"


def geometry_of_config(config: tuple[object, ...]) -> Geometry | None:
    """``trusted.ec.config``'s decoded parts (version, algorithm, word size, bricks,
    redundancy, chunk size) as a geometry; None when they do not make one."""
    if len(config) < 6:
        return None
    bricks, redundancy, chunk = config[3], config[4], config[5]
    if not (isinstance(bricks, int) and isinstance(redundancy, int) and isinstance(chunk, int)):
        return None
    if not 0 < redundancy < bricks or chunk <= 0:
        return None
    return Geometry(bricks - redundancy, redundancy, chunk)


def stripes_text(first: int, last: int) -> str:
    return f"stripe {first}" if first == last else f"stripes {first}-{last}"


def range_text(geometry: Geometry, offset: int, size: int | None) -> str:
    """'fragment 0+512 = file 0-1024 (stripe 0)'; a truncate's offset alone: 'fragment
    2048 = file 4096 (stripe boundary 4)'."""
    if size is None:
        at = offset * geometry.k
        edge = "stripe boundary" if at % geometry.stripe == 0 else "inside stripe"
        return f"fragment {offset} = file {at} ({edge} {geometry.stripe_of(at)})"
    start, end = geometry.file_range(offset, size)
    covered = geometry.stripes(offset, size)
    where = f" ({stripes_text(*covered)})" if covered is not None else " (no stripe)"
    return f"fragment {offset}+{size} = file {start}-{end}{where}"
