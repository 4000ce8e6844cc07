"""The keys that open a conversation-wide look at the input: ``s`` follows the
selected stream (its bytes, both directions: ``follow_screen``), ``c`` lists the
conversations (``conversations_screen``; ``enter`` there selects one here), ``S``
shows the response-time statistics (``stats_screen``; ``enter`` there shows a row's
messages through the filter bar, or one slow exchange).

A mixin of ``ViewerScreen``. What those screens show is made in their worker
threads, from the input read again when it is a file (the App's ``read_again``, with
the same pipeline choices the view decodes with: Decode As, options), or from the
messages held when it is a pipe; the functions handed over here do that work and
touch no widget. The statistics of a file are counted by a child process instead
(``cli_worker``): a whole-input pass in a thread would hold the interpreter lock.
"""

from __future__ import annotations

from collections.abc import Iterator

from hexview.analysis.conversations import ConversationList, ConversationRow
from hexview.analysis.follow import FollowPiece, follow, pieces_of_messages
from hexview.analysis.message_store import StoredStream
from hexview.messages import Message
from hexview.output.follow_text import stream_title

from .safe import group_digits


class AnalysisActions:
    def action_follow_stream(self) -> None:
        stream = self.stream
        if stream is None:
            self.notify("No stream to follow yet", title="follow", markup=False)
            return
        from .follow_screen import FollowScreen  # first use only

        app = self.app
        number = stream.conversation.index
        held = self._held_messages(stream)
        reread = app.can_read_again

        def pieces() -> Iterator[FollowPiece]:  # in the worker thread
            reader = app.read_again() if reread else None
            if reader is None:
                yield from pieces_of_messages(held)
                return
            _, found = follow(reader, number, app.make_pipeline())
            yield from found

        source = "read again from the file" if reread else f"the {group_digits(len(held))} messages held"
        app.push_screen(FollowScreen(stream_title(stream.conversation), pieces, source))

    def action_conversations(self) -> None:
        from .conversations_screen import ConversationsScreen  # first use only

        app = self.app
        reread = app.can_read_again
        held = [message for stream in self.store.streams for message in self._held_messages(stream)]
        origin = getattr(app.feed.pipeline, "first_timestamp", None)

        def count() -> list[ConversationRow]:  # in the worker thread
            conversations = ConversationList()
            reader = app.read_again() if reread else None
            if reader is None:
                for message in held:
                    conversations.add(message)
                return conversations.rows(origin)
            pipeline = app.make_pipeline()
            for message in pipeline.run(reader, observe=conversations.observe):
                conversations.add(message)
            return conversations.rows(pipeline.first_timestamp)

        def chosen(number: int | None) -> None:
            if number is not None:
                self.select_conversation(number)

        source = "read again from the file" if reread else "the messages held"
        app.push_screen(ConversationsScreen(count, source), chosen)

    def action_statistics(self) -> None:
        from .held_stats import HeldStats  # first use only
        from .stats_screen import StatsScreen

        app = self.app
        argv = app.command_line("--stats", "--json", "--detail")
        if argv is not None:
            screen = StatsScreen(argv, None, "read again from the file")
        else:
            held = HeldStats(self.store, lambda: getattr(app.feed.pipeline, "first_timestamp", None))
            screen = StatsScreen(None, held, "held messages, following the pipe")

        def chosen(answer: tuple[str, object] | None) -> None:
            if answer is None:
                return
            kind, value = answer
            if kind == "message" and isinstance(value, int):
                self.call_after_refresh(self.go_to_message, value)
            elif kind == "filter" and isinstance(value, str):
                self.call_after_refresh(self.apply_filter, value)

        app.push_screen(screen, chosen)

    def go_to_message(self, number: int) -> None:
        """Show message ``number`` (as ``:#number`` does)."""
        from .goto_screen import GoTo

        self._go_to(GoTo(number, "message"))

    def select_conversation(self, number: int) -> None:
        """Show stream ``number`` (its first message), as the stream list would."""
        for row, stream in enumerate(self.store.streams):
            if stream.conversation.index == number:
                self.select_stream(row)
                self.streams_pane.scroll_to_row(self.streams_pane.display_row(row))
                self.notify(f"stream {number}", title="conversations", markup=False)
                return
        self.notify(f"stream {number} has no message held", title="conversations", markup=False)

    @staticmethod
    def _held_messages(stream: StoredStream) -> list[Message]:
        """A copy of the stream's messages (the feed adds to the list while a worker reads it)."""
        return list(stream.messages)
