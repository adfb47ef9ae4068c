"""Errors with stable codes that tests and summaries can rely on."""
from __future__ import annotations


class OcrfixError(Exception):
    """An error a user should read: a stable ``code`` and a plain message."""

    code = "E000"

    def __init__(self, message: str, *, code: str | None = None, hint: str | None = None):
        super().__init__(message)
        if code:
            self.code = code
        self.hint = hint

    def __str__(self) -> str:  # "E101 empty file: ... (hint)"
        msg = f"{self.code} {self.args[0]}"
        return f"{msg} — {self.hint}" if self.hint else msg

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.args[0], "hint": self.hint}


class InputError(OcrfixError):
    """A source cannot be read: empty, corrupt, wrong type, undecodable."""

    code = "E100"


class EmptyInput(InputError):
    code = "E101"


class CorruptImage(InputError):
    code = "E102"


class UnsupportedType(InputError):
    code = "E103"


class EncodingError(InputError):
    code = "E104"


class NotRussian(InputError):
    code = "E105"


class TooLarge(InputError):
    code = "E106"


class OcrUnavailable(OcrfixError):
    """Tesseract or its Russian data is missing."""

    code = "E200"


class OcrFailed(OcrfixError):
    code = "E201"


class ConfigError(OcrfixError):
    """Unknown stage, unknown parameter, bad order of stages."""

    code = "E300"


class StageError(OcrfixError):
    """A stage failed on a document; wraps the original exception."""

    code = "E400"

    def __init__(self, stage: str, doc_id: str, cause: BaseException):
        super().__init__(f"stage {stage} failed on document {doc_id}: "
                         f"{type(cause).__name__}: {cause}")
        self.stage = stage
        self.doc_id = doc_id
        self.cause = cause


class ResourceError(OcrfixError):
    """A dictionary or index is missing or malformed."""

    code = "E500"
