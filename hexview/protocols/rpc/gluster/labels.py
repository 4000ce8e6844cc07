"""Which brick a GlusterFS connection talks to, from what its handshake says.

A client opens one connection per brick (its ``protocol/client`` translator, e.g.
``repvol-client-2``) and one to glusterd. What names them on the wire:

- SETVOLUME (GF-HNDSK), the first call on a brick connection after DUMP: its dict
  carries ``process-uuid`` (``…-PC_NAME:repvol-client-2-RECON_NO:…``: the translator),
  ``remote-host``, ``remote-subvolume`` (the brick's path) and ``volfile-key``. The
  connection, and its server endpoint, are named ``repvol-client-2 (127.0.0.2:/bricks/r3)``
  (parentheses: a digit, a space and a digit would read as two numbers in a list).
- GETSPEC's reply, the client volfile: its ``type protocol/client`` sections map
  (remote-host, remote-subvolume) to the translator name.
- PMAP PORTBYBRICK, asked of glusterd before connecting: brick path -> port. The
  brick's endpoint (glusterd's address, that port) is named even when SETVOLUME was
  not captured.
- glusterd's own connections are named by what they ask: ``glusterd: volfile repvol``
  (GETSPEC), ``glusterd: port of repvol-client-0`` (PORTBYBRICK), ``gluster CLI``.

Besides the labels, what the fan-out view needs of a connection is kept: the client
process (``process-uuid`` before ``-PC_NAME:``, ``client_process``) and, from the
volfile, the disperse or replicate set each translator sits in (``placement_of``).

A connection whose first client message is a FOP (or no whole RPC record: the
capture began inside one) began before the capture: ``handshake not captured``.
"""

from __future__ import annotations

import re

from ....bounded import put_newest
from ....decode.fields import Field
from ....messages import Message
from ....tcp.stream_events import Conversation, Endpoint
from ...context import DecodeContext
from ...info_text import value
from ...labels import Labeller
from . import programs as gp
from .dicts import entry_map, text_of
from .info import own_fields
from .volfile import Placement, placements, sections

SETVOLUME, GETSPEC, PORTBYBRICK = 1, 2, 1
GLUSTERD_PROGRAMS = frozenset((gp.MGMT_PROGRAM, gp.FRIEND_PROGRAM, gp.MGMT_HNDSK_PROGRAM, gp.BRICK_PROGRAM))
HANDSHAKE_PROGRAMS = frozenset((gp.DUMP_PROGRAM, gp.HNDSK_PROGRAM, gp.PMAP_PROGRAM, gp.CLI_PROGRAM, *GLUSTERD_PROGRAMS))
PC_NAME = re.compile(r"-PC_NAME:(.+?)-RECON_NO:")
PROCESS = re.compile(r"^(.*?)-PC_NAME:")  # process-uuid up to the translator: the client process
VOLFILE = "gluster.volfile clients"  # DecodeContext.learned key: {(host, brick path): translator name}
BRICKS = "gluster.brick translators"  # DecodeContext.learned key: {conversation index or endpoint: translator}
PROCESSES = "gluster.client processes"  # DecodeContext.learned key: {conversation index: client process}
SETS = "gluster.volfile sets"  # DecodeContext.learned key: {translator: its disperse/replicate set}
MAX_CLIENTS = 4096  # translators remembered from volfiles (a volfile names a few dozen)
MAX_BRICKS = 65536  # connections and endpoints whose translator is remembered


def teaches(message: Message) -> bool:
    params = message.params
    prog, proc = params.get("prog"), params.get("proc")
    if prog == gp.HNDSK_PROGRAM:
        return proc in (SETVOLUME, GETSPEC)
    if prog == gp.PMAP_PROGRAM:
        return proc == PORTBYBRICK and message.is_reply
    return message.offset == 0 and message.direction == "c2s"


def learn(message: Message, context: DecodeContext) -> None:
    params = message.params
    prog, proc = params.get("prog"), params.get("proc")
    conversation = message.conversation
    labels = context.labels
    if prog == gp.HNDSK_PROGRAM and proc == SETVOLUME and message.kind == "call":
        name, translator = _setvolume_name(message, context)
        if name:
            labels.name_conversation(conversation, name)
            labels.name_server(conversation.server, name)
        if translator:
            _remember_brick(context, conversation.index, translator)
            _remember_brick(context, conversation.server, translator)
    elif prog == gp.HNDSK_PROGRAM and proc == GETSPEC:
        labels.name_server(conversation.server, "glusterd")
        if message.kind == "call":
            key = _string(own_fields(message.decode_transient(), "args").get("key"))
            labels.name_conversation(conversation, f"glusterd: volfile {key}" if key else "glusterd: volfile")
        elif message.kind == "reply":
            spec = _string(own_fields(message.decode_transient(), "results").get("spec"))
            if spec:
                _remember_volfile(spec, context)
    elif prog == gp.PMAP_PROGRAM and message.kind == "reply" and message.pair is not None:
        _learn_port(message, message.pair, context)
    elif message.offset == 0 and message.direction == "c2s":
        if prog == gp.CLI_PROGRAM:
            labels.name_server(conversation.server, "glusterd")
            labels.name_conversation(conversation, "gluster CLI")
        elif prog in GLUSTERD_PROGRAMS:
            labels.name_server(conversation.server, "glusterd")
            labels.name_conversation(conversation, "glusterd peer")
        elif prog not in HANDSHAKE_PROGRAMS:  # a FOP, or the capture began inside a record
            labels.not_captured(conversation)


def _setvolume_name(call: Message, context: DecodeContext) -> tuple[str, str | None]:
    """('repvol-client-2 (127.0.0.2:/bricks/r3)', 'repvol-client-2') from SETVOLUME's
    dict: the label, and the translator when the dict or the volfile names it."""
    found = entry_map(own_fields(call.decode_transient(), "args").get("dict"))
    host = text_of(found.get("remote-host")) or ""
    brick = text_of(found.get("remote-subvolume")) or ""
    uuid = text_of(found.get("process-uuid")) or ""
    match = PC_NAME.search(uuid)
    translator = match.group(1) if match else _translator(context, host, brick)
    process = PROCESS.match(uuid)
    if process is not None:
        put_newest(context.learned(PROCESSES, dict), call.conversation.index, process.group(1), MAX_BRICKS)
    key = text_of(found.get("volfile-key"))
    where = f"{host}:{brick}" if host or brick else ""
    if translator:
        return (f"{translator} ({where})" if where else translator), translator
    named = f"{key} brick" if key else "brick"
    return f"{named} {where}".strip(), None


def _learn_port(reply: Message, call: Message, context: DecodeContext) -> None:
    """PORTBYBRICK: the brick on glusterd's host listens on the port the reply gives."""
    results = own_fields(reply.decode_transient(), "results")
    port_field, ret_field = results.get("port"), results.get("op_ret")
    port = port_field.value if port_field is not None else None
    op_ret = ret_field.value if ret_field is not None else None
    brick = _string(own_fields(call.decode_transient(), "args").get("brick"))
    conversation = reply.conversation
    context.labels.name_server(conversation.server, "glusterd")
    if not brick:
        return
    host = conversation.server.addr
    translator = _translator(context, host, brick)
    context.labels.name_conversation(conversation, f"glusterd: port of {translator or brick}")
    if isinstance(port, int) and 0 < port < 65536 and op_ret == 0:
        name = f"{translator} ({host}:{brick})" if translator else f"brick {host}:{brick}"
        context.labels.name_server(Endpoint(host, port), name)
        if translator:
            _remember_brick(context, Endpoint(host, port), translator)


def _remember_brick(context: DecodeContext, where: int | Endpoint, translator: str) -> None:
    put_newest(context.learned(BRICKS, dict), where, translator, MAX_BRICKS)


def brick_name(conversation: Conversation) -> str | None:
    """The client translator a brick connection serves (``repvol-client-1``), as its
    SETVOLUME or glusterd's PORTBYBRICK and the volfile told; None when not known."""
    context = conversation.context
    if context is None:
        return None
    bricks: dict[int | Endpoint, str] = context.learned(BRICKS, dict)
    return bricks.get(conversation.index) or bricks.get(conversation.server)


def _remember_volfile(spec: str, context: DecodeContext) -> None:
    clients: dict[tuple[str, str], str] = context.learned(VOLFILE, dict)
    for name, host, brick in volfile_clients(spec):
        if len(clients) < MAX_CLIENTS and clients.get((host, brick)) != name:
            clients[(host, brick)] = name
            context.lessons += 1  # other connections' names read it (a run split by conversation must know)
    sets: dict[object, object] = context.learned(SETS, dict)
    for translator, placement in placements(spec).items():
        put_newest(sets, translator, placement, MAX_CLIENTS)


def client_process(conversation: Conversation) -> str | None:
    """The client process a brick connection belongs to, as its SETVOLUME's
    ``process-uuid`` names it up to the translator (``CTX_ID:…-GRAPH_ID:0-PID:30361-HOST:vm``);
    None when the handshake was not captured."""
    if conversation.context is None:
        return None
    processes: dict[int, str] = conversation.context.learned(PROCESSES, dict)
    return processes.get(conversation.index)


def placement_of(conversation: Conversation) -> Placement | None:
    """The disperse or replicate set a brick connection's translator sits in, as the
    client's volfile (GETSPEC) says; None when either was not captured."""
    context, translator = conversation.context, brick_name(conversation)
    if context is None or translator is None:
        return None
    sets: dict[str, Placement] = context.learned(SETS, dict)
    return sets.get(translator)


def _translator(context: DecodeContext, host: str, brick: str) -> str | None:
    """The volfile's translator for (host, brick), else for the brick path alone when
    one translator has it (the volfile may name the host differently)."""
    clients: dict[tuple[str, str], str] = context.learned(VOLFILE, dict)
    if (host, brick) in clients:
        return clients[(host, brick)]
    named = {name for (_, path), name in clients.items() if path == brick}
    return named.pop() if len(named) == 1 else None


def volfile_clients(spec: str) -> list[tuple[str, str, str]]:
    """(translator name, remote-host, remote-subvolume) of each ``protocol/client``
    section of a volfile (hexview.protocols.rpc.gluster.volfile)."""
    return [
        (section.name, section.options.get("remote-host", ""), section.options.get("remote-subvolume", ""))
        for section in sections(spec)
        if section.type == "protocol/client"
    ]


def _string(f: Field | None) -> str:
    """An XDR string field's text ('' when absent or not captured)."""
    text = value(f, "value")
    return text.rstrip("\0") if isinstance(text, str) else ""


LABELLER = Labeller(teaches, learn)
