"""Image previews without location or other metadata. The preview is a new
JPEG drawn from the pixels only; the original file is kept byte-for-byte."""

import io

from PIL import Image, ImageOps

PREVIEW_MAX_PIXELS = 1200


def preview_of(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image.seek(0)  # the first frame of an animation
        upright = ImageOps.exif_transpose(image)  # honour the camera's rotation before it is dropped
        upright = upright.convert("RGB")
        upright.thumbnail((PREVIEW_MAX_PIXELS, PREVIEW_MAX_PIXELS))
        clean = Image.new("RGB", upright.size)
        clean.paste(upright)  # a fresh image carries no EXIF, GPS, XMP or ICC data
        out = io.BytesIO()
        clean.save(out, format="JPEG", quality=82, optimize=True)
    return out.getvalue()
