"""Serving stored files (uploaded documents, photos, job results).

The database can outlive the media folder (a restore without its files, a host that does not
mount the shared folder): a file the database names but the storage no longer holds is
"not found", never a server error.
"""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse

from cwis.core.errors import NotFoundError


def stored_file_response(file: FieldFile, *, as_attachment: bool = True,
                         filename: str = "", **kwargs) -> FileResponse:
    """Answer with the stored file; NotFoundError (404) when there is none or it is missing."""
    if not file:
        raise NotFoundError()
    try:
        handle = file.open("rb")
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise NotFoundError() from exc
    return FileResponse(handle, as_attachment=as_attachment, filename=filename, **kwargs)
