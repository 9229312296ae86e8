"""Office documents (.xlsx, .docx) whose bytes depend on their content only.

Pure: imports the standard library; never Pelican. openpyxl and python-docx stamp a document
with the time it was saved, in its properties (docProps/core.xml) and in each member of its
ZIP: a build would then change the file every time, and write-if-changed and the published
hashes would see a change where there is none. The package is written again with the day it
is as of in its properties and a fixed time on every member, in the members' own order.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

MEMBER_TIME = (2015, 12, 1, 0, 0, 0)  # the open data ZIP's (exports.ZIP_TIME)
FIXED_DAY = dt.date(*MEMBER_TIME[:3])  # for a document that depends on no day (the template)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def stable(package: bytes, day: dt.date) -> bytes:
    """The package with `day` as its creation and modification time and fixed member times."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _STAMP.sub(rb"\g<1>" + f"{day.isoformat()}T00:00:00Z".encode() + rb"\g<2>", data)
            member = zipfile.ZipInfo(info.filename, date_time=MEMBER_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, data)
    return out.getvalue()
