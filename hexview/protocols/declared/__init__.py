"""Protocols declared in folders: a ``protocol.yaml`` and ``.ksy`` files, no Python.

``schema`` reads and checks a ``protocol.yaml``; ``ksy_cache`` compiles a folder's
``.ksy`` with kaitai-struct-compiler run by Node (the same compiling code as
``make parsers``, ``ksy_compile.js``) into a cache and loads the parsers;
``declared`` turns a declaration plus its parsers into a ``Registration`` (framing,
pairing, decoding) or ONC RPC program entries; ``folders`` says which folders are
read, in which order, and reports what could not be loaded.
"""
