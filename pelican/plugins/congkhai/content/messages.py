"""The catalogue of the checks' messages: for each kind, its Vietnamese sentence of what is
wrong and what to do, beside the English the check writes for developers.

Pure: imports nothing of the plugin. A check writes its English message, with what it found
and what to write ("… (got …; expected …)"); the kind of a message is the first entry of
CATALOGUE whose `english` its message begins with. The clerk reads `sentence(problem)`
first (the build's and `invoke check`'s output, the annotations of a pull request, the web
editor's form and its panel of the build's problems), the English beside it. docs/editing.md's
table of messages is made from CATALOGUE (`doc_table`, written by `invoke docs`), and a test
walks the checks' source so that no message is left without its entry.

In `english`, `{name}` stands for one word or value of the message (no space in it); `meaning` and `fix` may
name it, and also `{got}` (what the message says was found) and `{line}` (the problem's line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Message:
    english: str  # how the English message begins, `{name}` for a word or value of it
    meaning: str  # Vietnamese: what is wrong
    fix: str  # Vietnamese: what to do

    @cached_property
    def pattern(self) -> re.Pattern:
        parts = re.split(r"\{(\w+)\}", self.english)
        regex = "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>\\S+)"  # one word or value
                        for index, part in enumerate(parts))
        return re.compile(regex)

    @property
    def shown(self) -> str:
        """The English as the doc's table shows it, each value as «…»."""
        return re.sub(r"\{\w+\}", "…", self.english).strip()


# The Vietnamese of what YAML cannot read: reading.YAML_ERRORS writes these English starts.
_YAML_CHECK = "kiểm tra thụt lề (chỉ dùng dấu cách, không dùng Tab) và dấu «:» ở dòng {line} và dòng trên"

CATALOGUE: tuple[Message, ...] = (
    # Reading a file: its bytes, its characters, its YAML.
    Message("the file is not UTF-8", "tệp không lưu bằng bảng mã UTF-8 (thường là bảng mã cũ như Windows-1258 "
            "hoặc TCVN3)", "mở tệp, chọn «Save with Encoding → UTF-8» (VS Code) hoặc «Lưu dưới dạng → Mã hóa "
            "UTF-8» (Notepad), rồi lưu lại"),
    Message("the file is empty", "tệp trống", "chép một tệp có sẵn cùng loại làm mẫu rồi sửa, hoặc xóa tệp này"),
    Message("the file is too large", "tệp lớn hơn 1 MB", "buổi đối thoại: tách thành hai tệp cùng ngày "
            "(`…-2.yaml`), mỗi tệp đánh số ý kiến từ 1; câu trả lời: rút gọn, đăng toàn văn ở nơi khác rồi dẫn "
            "liên kết"),
    Message("the file cannot be read", "hệ thống không cho đọc tệp", "kiểm tra đó là một tệp và quyền của tệp cho "
            "người khác đọc"),
    Message("the folder cannot be read", "hệ thống không cho đọc thư mục", "kiểm tra quyền của thư mục"),
    Message("the file is missing", "thiếu tệp danh mục", "tạo lại tệp danh mục ở đúng chỗ (`content/data/…`), "
            "chép từ một trang khác nếu cần"),
    Message("neither a file nor a folder", "không phải tệp cũng không phải thư mục", "xóa mục này khỏi thư mục "
            "`content/`"),
    Message("the link leads nowhere", "liên kết (symlink) không trỏ tới đâu", "sửa liên kết hoặc xóa nó"),
    Message("the {what} is a link to a {other} outside the content folder", "liên kết (symlink) trỏ ra ngoài "
            "thư mục `content/`; tệp ngoài `content/` không bao giờ được đọc", "thay liên kết bằng bản sao của "
            "tệp, hoặc xóa liên kết"),
    Message("the folder is a link to a folder it is in", "thư mục là liên kết tới chính thư mục chứa nó",
            "xóa liên kết"),
    Message("the link leads to something that is not a file", "liên kết trỏ tới thứ không phải tệp",
            "xóa liên kết"),
    Message("the {kind} has no front matter", "tệp thiếu phần đầu giữa hai dòng `---`", "viết dòng `---`, các "
            "khóa (mỗi dòng `khóa: giá trị`), dòng `---`, rồi mới đến nội dung"),
    Message("a character that is not allowed", "có ký tự điều khiển, ký tự đảo chiều chữ hoặc ký tự vô hình, "
            "thường dính theo khi dán từ Word hay trang web", "xóa ký tự ở đúng dòng và cột được chỉ; ký tự này "
            "không hiện trên màn hình, nếu không thấy thì gõ lại mấy chữ quanh đó"),
    Message("more characters that are not allowed", "còn nhiều ký tự không được phép sau dòng này",
            "xóa các ký tự đã chỉ ở trên, rồi chạy kiểm tra lại để thấy các ký tự còn lại"),
    Message("the top level must be a mapping of keys", "tệp không bắt đầu bằng các dòng `khóa: giá trị`",
            "mỗi dòng ngoài cùng phải là `khóa: giá trị`, không bắt đầu bằng `- ` và không thụt lề"),
    Message("the key appears twice in the same block", "một khóa được ghi hai lần trong cùng một khối",
            "xóa một trong hai dòng, giữ dòng đúng"),
    Message("a key must be a plain name", "tên khóa là danh sách hoặc khối", "viết `tên: giá trị`; bỏ dấu `?` "
            "hoặc dấu ngoặc trước dấu «:»"),
    Message("a YAML tag is not read", "có thẻ `!…` trước giá trị", "bỏ thẻ (chữ bắt đầu bằng `!`), ghi giá trị "
            "bình thường"),
    Message("a merge key is not read", "có dòng `<<:` gộp khối", "chép các khóa vào khối này thay cho dòng `<<:`"),
    Message("the aliases expand to too many values", "dùng `&` và `*` lặp lại quá nhiều giá trị",
            "ghi thẳng từng giá trị, bỏ `&` và `*`"),
    Message("an alias repeats the block it is in", "một `*` lặp lại chính khối chứa nó", "ghi thẳng giá trị, bỏ `*`"),
    Message("the blocks and lists nest too deep", "các khối lồng nhau quá sâu", "kiểm tra thụt lề và dấu ngoặc; "
            "một buổi đối thoại chỉ lồng năm mức (ý kiến, rồi nội dung)"),
    Message("a value holds a colon followed by a space, or a key is indented under a value",
            "dòng {line} có «: » trong một giá trị không đặt trong ngoặc kép, hoặc có một khóa bị thụt lề vào "
            "dưới một giá trị", "đặt cả giá trị trong ngoặc kép (\"…\"), hoặc lùi khóa về thẳng cột "
            "với các khóa cùng khối"),
    Message("a line is neither `key: value` nor the rest of the value above",
            "dòng {line} thiếu dấu «:» sau tên khóa, hoặc là phần tiếp của giá trị ở trên mà thụt lề sai",
            "viết `khóa: giá trị`; giá trị dài nhiều dòng thì đặt trong ngoặc kép hoặc thụt lề sâu hơn khóa"),
    Message("a tab indents the line", "dòng {line} thụt lề bằng phím Tab; YAML chỉ nhận dấu cách",
            "xóa ký tự Tab ở đầu dòng, gõ dấu cách thay vào (cùng số dấu cách như các dòng cùng khối)"),
    Message("a value begins with «{char}», which YAML keeps for itself",
            "giá trị ở dòng {line} bắt đầu bằng ký tự «{char}» mà YAML dành riêng",
            "đặt cả giá trị trong ngoặc kép (\"…\")"),
    Message("a quote is opened and never closed", "dòng {line} mở ngoặc kép (hoặc ngoặc đơn) mà không đóng",
            "thêm dấu đóng ngoặc ở cuối giá trị; nếu trong giá trị có dấu \", viết `\\\"` hoặc dùng ngoặc đơn "
            "'…' bên ngoài"),
    Message("a line is not indented like the keys of the block that starts on line {start}",
            "dòng {line} thụt lề không thẳng với các khóa của khối bắt đầu ở dòng {start}",
            "lùi hoặc thụt dòng đó cho thẳng cột với các khóa cùng khối; giá trị có dấu ngoặc kép ở giữa thì đặt "
            "cả giá trị trong ngoặc đơn '…'"),
    Message("an entry is not indented like the entries of the list that starts on line {start}",
            "mục ở dòng {line} thụt lề khác các mục của danh sách bắt đầu ở dòng {start}",
            "sửa số dấu cách đầu dòng cho mọi dấu `- ` của cùng một danh sách thẳng một cột"),
    Message("the anchor is set twice, first on line {start}", "dòng {line} đặt lại một neo `&…` đã đặt ở dòng "
            "{start}", "ghi thẳng giá trị và bỏ `&`, `*`; nếu giá trị bắt đầu bằng `&`, đặt nó trong ngoặc kép"),
    Message("an alias names no anchor above it", "dòng {line} có `*…` nhắc tới một neo chưa đặt ở trên",
            "ghi thẳng giá trị; nếu giá trị bắt đầu bằng `*`, đặt nó trong ngoặc kép"),
    Message("a double-quoted value holds a backslash YAML does not read",
            "trong ngoặc kép ở dòng {line}, dấu `\\` bắt đầu một ký tự đặc biệt mà YAML không hiểu",
            "viết `\\\\` cho một dấu `\\`, hoặc dùng ngoặc đơn '…' bên ngoài"),
    Message("a bracket is opened and not closed (noticed on line {start})", "dấu ngoặc `[` hoặc `{{` mở ở dòng "
            "{line} chưa đóng (YAML thấy ở dòng {start})", "thêm dấu đóng ngoặc; nếu dấu ngoặc là chữ của giá trị, đặt cả giá "
            "trị trong ngoặc kép"),
    Message("a second `---` line starts another document", "dòng {line} là một dòng `---` thứ hai",
            "xóa dòng đó, vì một tệp chỉ có một khối khóa (câu trả lời: hai dòng `---` chỉ bao phần đầu tệp)"),
    Message("text follows | or > on the same line", "ở dòng {line}, sau `|` hoặc `>` còn chữ trên cùng dòng",
            "chuyển phần chữ xuống dòng dưới, thụt lề sâu hơn khóa"),
    Message("the YAML does not parse", "dòng {line} sai cú pháp YAML", _YAML_CHECK + "; giá trị có «: » thì "
            "đặt trong ngoặc kép"),
    # The contract: keys and values.
    Message("the key was renamed in version {version} of the content format", "tệp viết theo quy ước cũ "
            "(`no:` thay vì `stt:`)", "chạy `invoke migrate` (lệnh đổi tên khóa trong mọi tệp, giữ nguyên phần "
            "còn lại)"),
    Message("unknown key", "khóa {got} không có trong quy ước (có thể viết sai)", "sửa theo gợi ý sau "
            "«did you mean», hoặc xóa khóa"),
    Message("required key is missing", "thiếu khóa bắt buộc", "thêm khóa; nghĩa của khóa ghi sau «expected»"),
    Message("required when handling is '{handling}'", "thiếu khóa bắt buộc khi cách xử lý là «{handling}»", "bổ sung khóa đó; nghĩa của khóa ghi sau «expected»"),
    Message("required with extended_due", "gia hạn mà chưa ghi lý do", "ghi `reason`: vì sao gia hạn"),
    Message("a reason goes with an extension", "có lý do gia hạn mà không có hạn mới", "ghi `extended_due` (hạn "
            "mới), hoặc xóa `reason`"),
    Message("not filled in yet", "còn chỗ trống của tệp khung (`\"\"`, `…`, «Công văn số …/UBND-…»)",
            "ghi nội dung vào chỗ trống; khóa không bắt buộc thì có thể xóa cả dòng"),
    Message("must be text", "phải là chữ (hoặc để trống `\"\"`)", "ghi nội dung; số hay ngày muốn giữ nguyên "
            "dạng chữ thì đặt trong ngoặc kép"),
    Message("must be a whole number", "phải là số nguyên", "chỉ ghi chữ số, không kèm chữ, ví dụ `3`"),
    Message("not an allowed value", "giá trị {got} ngoài danh sách cho phép", "chọn một giá trị sau "
            "«expected one of»"),
    Message("an id becomes part of a page's address, so it holds no path", "mã có `/`, `\\`, `..`, `:` "
            "hoặc `%`, mà mã là một phần địa chỉ trang", "đặt lại mã chỉ bằng chữ thường không dấu, chữ số và "
            "gạch ngang"),
    Message("a {what} name becomes part of a page's address, so it holds no path", "tên tệp hoặc thư mục có "
            "`/`, `\\`, `..`, `:` hoặc `%`, mà tên là một phần địa chỉ trang", "đổi tên chỉ bằng chữ thường "
            "không dấu, chữ số, gạch ngang và dấu chấm"),
    Message("an id is lower-case ASCII words joined by hyphens", "mã {got} phải là chữ thường không dấu nối "
            "bằng gạch ngang", "viết lại mã, ví dụ `phong-tnmt`"),
    Message("the file name is the session id", "tên tệp buổi đối thoại là mã của buổi, phải là chữ thường "
            "không dấu nối bằng gạch ngang", "đổi tên tệp, ví dụ `2018-06-12-tan-ha.yaml`"),
    Message("an administrative unit code is written in quotes", "mã đơn vị hành chính phải đặt trong ngoặc "
            "kép", "viết trong ngoặc kép, giữ các số 0 ở đầu như danh mục chính thức, ví dụ `\"23236\"`"),
    Message("an administrative unit code is 2 to 5 digits", "mã đơn vị hành chính {got} không đúng dạng (2 đến "
            "5 chữ số)", "chép mã từ danh mục chính thức, ví dụ `\"23236\"`"),
    Message("a date must not carry a time", "ngày có kèm giờ", "chỉ ghi ngày, dạng năm-tháng-ngày; chép giá trị "
            "sau «expected»"),
    Message("not a real date", "ngày {got} không có trên lịch", "sửa ngày hoặc tháng, dạng năm-tháng-ngày"),
    Message("dates are written year-month-day", "ngày viết kiểu Việt Nam (ngày/tháng/năm)", "viết năm-tháng-ngày, "
            "chép đúng giá trị sau «expected»"),
    Message("not a date", "không phải ngày", "viết ngày dạng năm-tháng-ngày, ví dụ `2018-06-12`"),
    Message("must be a list of texts", "phải là danh sách", "mỗi mục một dòng, bắt đầu bằng `- `"),
    Message("must be a list of blocks", "phải là danh sách các khối", "mỗi mục bắt đầu bằng `- ` rồi đến các "
            "khóa của nó"),
    Message("must be a non-empty list", "danh mục phải là danh sách có ít nhất một mục", "viết tên danh mục và "
            "dấu «:», rồi các mục bắt đầu bằng `- id: …`"),
    Message("must be a block of keys", "mục của danh mục phải là một khối khóa", "mỗi mục có `id` và `name`"),
    Message("duplicate id", "mã bị trùng trong danh mục", "đặt mã khác; mỗi mã chỉ một lần"),
    Message("duplicate {what} number", "số thứ tự bị trùng", "đánh số khác, chưa dùng trong cùng buổi hoặc cùng "
            "ý kiến"),
    Message("unknown {what} ", "mã {got} không có trong danh mục {what}", "sửa mã theo gợi ý, hoặc thêm vào "
            "`content/data/…`"),
    Message("not a person or team of the forge", "người duyệt {got} phải là tài khoản hoặc nhóm trên kho mã",
            "viết `@tai-khoan` hoặc `@to-chuc/nhom`"),
    Message("the last day comes before the first", "ngày kết thúc trước ngày bắt đầu", "sửa một trong hai ngày"),
    # Between files: sessions, responses, bodies, handovers.
    Message("two {what} files have the same id", "hai tệp cùng mã (ví dụ `.yaml` và `.yml`, hoặc cùng tên ở hai "
            "thư mục)", "xóa hoặc đổi tên một tệp"),
    Message("no such item", "câu trả lời gắn với mã nội dung {got} không tồn tại", "sửa `item` theo gợi ý"),
    Message("the response is dated before its session", "ngày trả lời {got} trước ngày đối thoại", "sửa ngày "
            "trả lời, từ ngày đối thoại trở đi"),
    Message("the response has no answer text", "câu trả lời chưa có nội dung", "viết nội dung trả lời sau dòng "
            "`---` thứ hai"),
    Message("an extension must come after the deadline it extends", "hạn mới {got} không sau hạn cũ",
            "ghi hạn mới sau hạn trả lời cũ"),
    Message("the deadline is before the session", "hạn trả lời {got} trước ngày đối thoại", "ghi hạn từ ngày "
            "đối thoại trở đi"),
    Message("the item's session has not been held yet", "trả lời cho buổi đối thoại chưa diễn ra", "kiểm tra lại "
            "ngày của buổi đối thoại, hoặc thêm tệp này sau buổi đó"),
    Message("too many opinions for one session", "buổi đối thoại quá 250 ý kiến", "tách thành hai tệp cùng ngày "
            "(`…-2.yaml`), mỗi tệp đánh số ý kiến từ 1"),
    Message("too many items for one session", "buổi đối thoại quá 500 nội dung", "tách thành hai tệp cùng ngày "
            "(`…-2.yaml`), mỗi tệp đánh số ý kiến từ 1"),
    Message("a session lives in its body's folder", "buổi đối thoại nằm ngoài thư mục của đơn vị tổ chức",
            "chuyển tệp vào `content/sessions/<mã đơn vị>/`, hoặc sửa `body`"),
    Message("a response is still where version {version} of the content format put it", "câu trả lời còn nằm ở "
            "chỗ cũ (`content/responses/<mã buổi>/`), chưa ở thư mục của đơn vị tổ chức buổi đối thoại",
            "chạy `invoke migrate` (lệnh chuyển mọi câu trả lời vào thư mục của đơn vị, giữ nguyên nội dung và "
            "lịch sử của tệp)"),
    Message("a response lives in its session's body folder", "câu trả lời nằm ngoài thư mục của đơn vị tổ chức "
            "buổi đối thoại", "chuyển tệp vào thư mục ghi sau «expected» (`content/responses/<mã đơn vị>/<mã "
            "buổi>/`)"),
    Message("the body did not exist yet on the session's day", "đơn vị chưa thành lập vào ngày đối thoại",
            "kiểm tra `body` và ngày; ghi đơn vị tổ chức buổi vào ngày đó"),
    Message("the body had ended before the session's day", "đơn vị đã thôi hoạt động trước ngày đối thoại",
            "ghi đơn vị kế nhiệm, hoặc sửa ngày"),
    Message("the body does not exist on the handover's day", "đơn vị nhận bàn giao không tồn tại vào ngày bàn "
            "giao", "ghi một đơn vị có vào ngày đó, thường là đơn vị kế nhiệm"),
    Message("the body does not exist on the record's day", "đơn vị có HĐND hoặc Mặt trận giám sát không tồn "
            "tại vào ngày giám sát", "ghi đơn vị đúng vào ngày đó ở `of` (trước ngày 1/7/2025 có thể là huyện), "
            "hoặc sửa ngày"),
    Message("a rule says which items it hands over", "quy tắc bàn giao không nói giao nội dung nào",
            "ghi một danh sách dưới `items`, `agencies` hoặc `communes`"),
    Message("{count} outstanding item(s) of {body} are handed to no one", "có nội dung chưa giải quyết của "
            "đơn vị {body} không được bàn giao cho ai", "thêm quy tắc bàn giao theo `items`, `agencies` hoặc "
            "`communes`, như gợi ý sau «e.g.»"),
    Message("a supervision record names what it supervised", "biên bản giám sát chưa ghi giám sát nội dung hay "
            "cơ quan nào", "ghi `items` (danh sách mã nội dung) hoặc `agencies` (danh sách mã cơ quan)"),
    Message("the record has no findings", "biên bản giám sát chưa có nội dung kết luận", "viết kết luận sau dòng "
            "`---` thứ hai"),
    # `invoke migrate` (tools/migrate.py): what it moved, or would move, to where the contract puts it.
    Message("moved into its session's body folder", "đã chuyển câu trả lời vào thư mục của đơn vị tổ chức buổi "
            "đối thoại, nội dung giữ nguyên", "ghi nhận (commit) việc chuyển cùng các tệp khác"),
    Message("to be moved into its session's body folder", "câu trả lời cần chuyển vào thư mục của đơn vị tổ chức "
            "buổi đối thoại", "chạy `invoke migrate` để chuyển"),
    Message("cannot be moved into its session's body folder", "chưa chuyển được câu trả lời vì ở chỗ mới đã có "
            "một tệp cùng tên", "so sánh hai tệp, giữ một, rồi chạy lại `invoke migrate`"),
    # The privacy guard (Nghị định 13/2023/NĐ-CP).
    Message("looks like a phone number", "có vẻ là số điện thoại ({got}), dữ liệu cá nhân không được công bố",
            "xóa số đó (ghi «một hộ dân thôn 3»); số công khai của cơ quan thì thêm vào "
            "`PRIVACY_ALLOWED_NUMBERS`; xem mục 5 của hướng dẫn"),
    Message("looks like an ID card number", "có vẻ là số CMND/CCCD ({got}), dữ liệu cá nhân không được công bố",
            "xóa số đó; xem mục 5 của hướng dẫn"),
    Message("looks like an e-mail address", "có vẻ là thư điện tử ({got}), dữ liệu cá nhân không được công bố",
            "xóa địa chỉ đó; thư điện tử của cơ quan thì thêm vào `PRIVACY_ALLOWED_NUMBERS`; xem mục 5"),
    Message("looks like a home address", "có vẻ là địa chỉ nhà kèm họ tên ({got}), dữ liệu cá nhân không được "
            "công bố", "xóa họ tên và địa chỉ (ghi «một hộ dân thôn 3»); xem mục 5 của hướng dẫn"),
)


# The English words a message names its tables and files by, as a Vietnamese sentence names them.
WORDS = {"agency": "cơ quan", "topic": "lĩnh vực", "commune": "xã, phường", "body": "đơn vị", "item": "nội dung",
         "session": "buổi đối thoại", "response": "câu trả lời", "opinion": "ý kiến", "file": "tệp",
         "folder": "thư mục", "supervision": "biên bản giám sát", "handover": "bàn giao", "audience": "đối tượng"}


def find(message: str) -> tuple[Message, dict[str, str]] | None:
    """The message's kind and the words its `{names}` stand for; None for a message of no kind."""
    for entry in CATALOGUE:
        match = entry.pattern.match(message)
        if match:
            return entry, match.groupdict()
    return None


_GOT = re.compile(r"\(got (.*?)(?:; |\)$)")

# A message of no kind (a check written without its entry, which a test prevents) still
# reaches the clerk in Vietnamese, pointing at the English below it.
UNKNOWN = "Nội dung ở đây chưa đúng; xem dòng tiếng Anh bên dưới: sau «got» là điều đã thấy, sau «expected» là điều cần ghi."


def sentence(message: str, line: int = 0) -> str:
    """The Vietnamese sentence of a message: what is wrong, then what to do."""
    found = find(message)
    if found is None:
        return UNKNOWN
    entry, words = found
    got = _GOT.search(message)
    values = {"got": got.group(1) if got else "", "line": str(line),
              **{name: WORDS.get(word, word) for name, word in words.items()}}
    meaning, fix = entry.meaning, entry.fix
    if not line:  # the parser could not say where: the sentence says so, not «dòng 0»
        meaning, fix = (text.replace("dòng {line}", "một dòng") for text in (meaning, fix))
    meaning, fix = meaning.format(**values), fix.format(**values)
    meaning = meaning.replace("  ", " ").replace(" ()", "")
    return f"{meaning[:1].upper()}{meaning[1:]}: {fix}."


def doc_table() -> str:
    """The table of docs/editing.md's «Các lỗi thường gặp», one row per kind."""
    rows = ["| thông báo | nghĩa | cách sửa |", "|---|---|---|"]
    for entry in CATALOGUE:
        values = {"got": "…", "line": "…", **{name: "…" for name in entry.pattern.groupindex}}
        shown = entry.shown.replace("|", "\\|")
        code = f"`` {shown} ``" if "`" in shown else f"`{shown}`"
        rows.append(f"| {code} | {_cell(entry.meaning.format(**values))} | {_cell(entry.fix.format(**values))} |")
    return "\n".join(rows) + "\n"


# The doc's table sits between these two lines, which `invoke docs` keeps.
DOC_START = "<!-- the table below is made from content/messages.py by `invoke docs`; edit it there -->"
DOC_END = "<!-- end of the table of messages -->"


def with_doc_table(doc: str) -> str:
    """The text of docs/editing.md with its table of messages made again from CATALOGUE."""
    before, start, rest = doc.partition(DOC_START)
    _table, end, after = rest.partition(DOC_END)
    if not start or not end:
        raise ValueError(f"docs/editing.md has no place for the table of messages: {DOC_START} … {DOC_END}")
    return f"{before}{DOC_START}\n{doc_table()}{DOC_END}{after}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace(" (…)", "")  # what was found, "({got})", is said in the English
