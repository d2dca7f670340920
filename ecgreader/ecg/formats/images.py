"""Scanned or photographed paper ECGs (PNG, JPEG, TIFF): image-only cases, checked against what
the reading room can display."""

from __future__ import annotations

import dataclasses
import io
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ecgreader.ecg.record import ImageRecord, RecordError

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}

# The reading room shows an image through Qt, whose QImageReader refuses (and shows nothing for)
# an image that needs more than 256 MB once decoded. Qt decodes 16-bit-per-channel PNG and TIFF
# to 8 bytes a pixel: 32 million pixels x 8 bytes = 256 MB (244 MiB) stays under that limit, for
# every image accepted here. An A4 page scanned at 300 dpi is 8.7 million pixels.
MAX_IMAGE_PIXELS = 32_000_000
# Pillow modes Qt cannot display within that limit: 32-bit integer samples it does not read at
# all, 32-bit float samples it decodes to 16 bytes a pixel.
_UNDISPLAYABLE_MODES = {"I": "32-bit integer samples", "F": "32-bit floating-point samples"}
# What Pillow raises for a file that is not, or no longer, a readable image.
_UNREADABLE_IMAGE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


def read_image(path: str | Path) -> ImageRecord:
    """Read a PNG, JPEG or TIFF paper ECG as an image-only case.

    The size is checked from the image header, before any pixel is decoded, against
    ``MAX_IMAGE_PIXELS``: what the reading room can display.
    """
    path = Path(path)
    if not path.exists():
        raise RecordError(path, "file missing")
    data = path.read_bytes()
    if not data:
        raise RecordError(path, "empty file")
    image_format, (width, height), mode = _image_header(path, data)
    if image_format not in {"PNG", "JPEG", "TIFF"}:
        raise RecordError(path, f"image format {image_format} is not PNG, JPEG or TIFF")
    if width * height > MAX_IMAGE_PIXELS:
        raise RecordError(path, _too_large(f"{width} × {height} = {width * height:,} pixels"))
    if mode in _UNDISPLAYABLE_MODES:
        raise RecordError(path, f"an image with {_UNDISPLAYABLE_MODES[mode]} cannot be displayed; save it with 8 bits")
    _decode(path, data)
    return ImageRecord(
        record_id=path.stem,
        image_bytes=data,
        image_format=image_format,
        width=width,
        height=height,
        source=str(path),
    )


def _image_header(path: Path, data: bytes) -> tuple[str, tuple[int, int], str]:
    """Format, size and Pillow mode, read from the header only (no pixel is decoded)."""
    with warnings.catch_warnings():
        # Pillow warns from 89 million pixels and refuses from twice that; both are over the budget.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                return image.format, image.size, image.mode
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise RecordError(path, _too_large(f"over {Image.MAX_IMAGE_PIXELS:,} pixels")) from error
        except _UNREADABLE_IMAGE as error:
            raise RecordError(path, f"not a readable PNG/JPEG/TIFF image ({error})") from error


def _decode(path: Path, data: bytes) -> None:
    """Check every byte of the image: a truncated or corrupt file is refused now, not shown blank later."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except _UNREADABLE_IMAGE as error:
        raise RecordError(path, f"not a readable PNG/JPEG/TIFF image ({error})") from error


def _too_large(size: str) -> str:
    return f"image of {size} is over the {MAX_IMAGE_PIXELS:,}-pixel budget the reading room can display"


def without_metadata(record: ImageRecord) -> ImageRecord:
    """``record`` re-encoded as a PNG of its pixels alone: text chunks, EXIF and TIFF tags (which
    may hold a name, a date of birth or the source file) do not go with it to a blinded reader."""
    with Image.open(io.BytesIO(record.image_bytes)) as image:
        pixels = Image.frombytes(image.mode, image.size, image.tobytes())
    encoded = io.BytesIO()
    pixels.save(encoded, format="PNG")
    return dataclasses.replace(record, image_bytes=encoded.getvalue(), image_format="PNG")
