"""One way to take in an uploaded file and one way to send a stored file back.

The type of an upload is decided from its content, never from the name the browser sent:
an image is opened, verified and re-encoded by Pillow (what is stored is a picture Pillow
wrote, so no script survives in it), and every file is stored under a random name CWIS
chooses with the extension of its real type. Only PNG and JPEG are ever sent inline;
everything else goes as an attachment, and every answer carries `nosniff`, so a browser
never runs a stored file as a page.
"""

import io
import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from cwis.core.errors import NotFoundError

MAX_UPLOAD_MB = 20
MAX_IMAGE_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded

MSG_FILE_TYPE = _("Upload a PDF, JPEG or PNG file.")
MSG_FILE_TOO_LARGE = _("The file is larger than %(mb)s MB.")
MSG_PHOTO_TYPE = _("Upload the photo as a JPEG or PNG file.")

# Content types sent inline, by the extension CWIS itself chose when storing the file.
INLINE_TYPES = {".png": "image/png", ".jpg": "image/jpeg"}
_DOCUMENT_SIGNATURES = {b"%PDF-": ".pdf", b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}
_PILLOW_FORMATS = {"PNG": ".png", "JPEG": ".jpg"}
# Extensions an attachment keeps (lower case, a few letters); anything else is stored as .bin.
_SAFE_SUFFIX_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def random_name(suffix: str) -> str:
    return f"{uuid.uuid4().hex}{suffix}"


def _check_size(upload: UploadedFile, field: str, max_mb: int) -> None:
    if upload.size is not None and upload.size > max_mb * 1024 * 1024:
        raise ValidationError({field: ValidationError(MSG_FILE_TOO_LARGE, params={"mb": max_mb},
                                                      code="too_large")})


def _refuse(field: str, message) -> ValidationError:
    return ValidationError({field: ValidationError(message, code="file_type")})


def clean_image(upload: UploadedFile, field: str, *, max_mb: int = MAX_UPLOAD_MB) -> ContentFile:
    """The uploaded picture re-encoded by Pillow (PNG or JPEG only), under a random name."""
    _check_size(upload, field, max_mb)
    data = upload.read()
    upload.seek(0)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        suffix = _PILLOW_FORMATS.get(image.format or "")
        if suffix is None or image.width * image.height > MAX_IMAGE_PIXELS:
            raise _refuse(field, MSG_PHOTO_TYPE)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise _refuse(field, MSG_PHOTO_TYPE) from exc
    out = io.BytesIO()
    if suffix == ".jpg":
        image.convert("RGB").save(out, format="JPEG", quality=90)
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, format="PNG")
    return ContentFile(out.getvalue(), name=random_name(suffix))


def clean_document(upload: UploadedFile, field: str, *, max_mb: int = MAX_UPLOAD_MB) -> str:
    """Refuse an upload that is not a PDF, JPEG or PNG by its content; rename it to a random
    name with the extension of that type. Returns the name the user gave (for display)."""
    _check_size(upload, field, max_mb)
    head = upload.read(8)
    upload.seek(0)
    suffix = next((ext for sig, ext in _DOCUMENT_SIGNATURES.items() if head.startswith(sig)),
                  None)
    if suffix is None:
        raise _refuse(field, MSG_FILE_TYPE)
    original = upload.name or ""
    upload.name = random_name(suffix)
    return original


def store_any(upload: UploadedFile, field: str, *, max_mb: int = MAX_UPLOAD_MB) -> str:
    """Rename an upload of any type to a random name (keeping a plain extension); it will
    only ever be sent as an attachment. Returns the name the user gave."""
    _check_size(upload, field, max_mb)
    original = upload.name or ""
    suffix = PurePosixPath(original).suffix.lower()
    if not (1 < len(suffix) <= 6 and set(suffix[1:]) <= _SAFE_SUFFIX_CHARS):
        suffix = ".bin"
    upload.name = random_name(suffix)
    return original


def _open(stored: FieldFile):
    if not stored:
        raise NotFoundError()
    try:
        return stored.open("rb")
    except FileNotFoundError as exc:  # the record outlived its file (a partial restore)
        raise NotFoundError() from exc


def attachment_response(stored: FieldFile, filename: str = "") -> FileResponse:
    """The stored file as a download, never shown by the browser; the name offered ends
    with the extension of what is stored (a PDF uploaded as "x.html" downloads as x.html.pdf)."""
    suffix = PurePosixPath(stored.name or "").suffix.lower()
    name = filename or PurePosixPath(stored.name or "").name
    if suffix and not name.lower().endswith(suffix):
        name += suffix
    response = FileResponse(_open(stored), as_attachment=True, filename=name,
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def inline_image_response(stored: FieldFile) -> FileResponse:
    """A stored PNG or JPEG shown inline; any other stored file is sent as an attachment."""
    content_type = INLINE_TYPES.get(PurePosixPath(stored.name or "").suffix.lower())
    if content_type is None:
        return attachment_response(stored)
    response = FileResponse(_open(stored), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
