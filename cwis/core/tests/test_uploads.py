"""The one upload helper: types decided from content, random names, safe serving."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cwis.core import uploads
from cwis.core.errors import NotFoundError


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (5, 5), (1, 2, 3)).save(out, format=fmt)
    return out.getvalue()


@pytest.mark.parametrize(("fmt", "suffix"), [("PNG", ".png"), ("JPEG", ".jpg")])
def test_an_image_is_re_encoded_under_a_random_name_with_its_real_extension(fmt, suffix):
    upload = SimpleUploadedFile("x.html", _image(fmt) + b"<script>x</script>")
    cleaned = uploads.clean_image(upload, "photo")
    assert cleaned.name.endswith(suffix)
    assert "x" not in cleaned.name.removesuffix(suffix).strip("0123456789abcdef")
    assert b"<script>" not in cleaned.read()


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n<script>alert(1)</script>",
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b"%PDF-1.4",
])
def test_anything_but_a_png_or_jpeg_is_refused_as_an_image(content):
    with pytest.raises(ValidationError) as info:
        uploads.clean_image(SimpleUploadedFile("x.png", content), "photo")
    assert info.value.message_dict["photo"] == [uploads.MSG_PHOTO_TYPE]


def test_an_image_in_another_format_is_refused():
    with pytest.raises(ValidationError):
        uploads.clean_image(SimpleUploadedFile("x.gif", _image("GIF")), "photo")


def test_a_document_is_typed_by_its_content_and_renamed():
    upload = SimpleUploadedFile("证明.html", b"%PDF-1.4 x")
    assert uploads.clean_document(upload, "file") == "证明.html"
    assert upload.name.endswith(".pdf")
    assert "证明" not in upload.name
    with pytest.raises(ValidationError):
        uploads.clean_document(SimpleUploadedFile("x.pdf", b"<html>"), "file")


def test_an_attachment_keeps_only_a_plain_extension():
    upload = SimpleUploadedFile("plan.docx", b"x")
    uploads.store_any(upload, "file")
    assert upload.name.endswith(".docx")
    odd = SimpleUploadedFile("plan.h<t>ml", b"x")
    uploads.store_any(odd, "file")
    assert odd.name.endswith(".bin")


class _Stored:
    """Enough of a FieldFile for the responses."""

    def __init__(self, name: str, content: bytes | None) -> None:
        self.name, self._content = name, content

    def __bool__(self) -> bool:
        return bool(self.name)

    def open(self, mode: str):
        if self._content is None:
            raise FileNotFoundError(self.name)
        return io.BytesIO(self._content)


def test_only_png_and_jpeg_are_served_inline_and_everything_with_nosniff():
    png = uploads.inline_image_response(_Stored("a/b.png", b"x"))
    assert png["Content-Type"] == "image/png"
    assert png["X-Content-Type-Options"] == "nosniff"
    page = uploads.inline_image_response(_Stored("a/b.html", b"<script>"))
    assert page["Content-Disposition"].startswith("attachment")
    assert page["Content-Type"] == "application/octet-stream"
    assert page["X-Content-Type-Options"] == "nosniff"


def test_a_missing_file_is_not_found():
    with pytest.raises(NotFoundError):
        uploads.attachment_response(_Stored("a/b.pdf", None))
