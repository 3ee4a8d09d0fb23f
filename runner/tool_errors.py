"""User-facing tool errors (tool contract v2, section 1).

Raising ``ToolUserError("Filen saknas.")`` from a tool fails the run and shows the
stripped message to the user as the run's error. Any other exception only shows
``Tool execution failed (<ExceptionClass>).``; its details go to stderr.
"""

DEFAULT_MESSAGE = "Ett fel inträffade."


class ToolUserError(Exception):
    """A failure whose message is safe to show to the end user.

    The message must not contain stack traces, host paths or secrets. It is stripped;
    a blank message becomes ``Ett fel inträffade.``. The final text is ``safe_message``.
    """

    def __init__(self, message: object = "") -> None:
        if message is None:
            text = ""
        elif isinstance(message, str):
            text = message
        else:
            text = str(message)
        safe_message = text.strip() or DEFAULT_MESSAGE
        super().__init__(safe_message)
        self.safe_message = safe_message
