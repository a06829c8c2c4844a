"""Black X11 backgrounds for the video's native windows (libxcb through ctypes; Qt-free).

Qt creates its native windows, and libVLC its video window inside them, with no background: where nobody
draws (libVLC's letterbox around the picture, a paused video's window mapped again) the screen keeps
whatever it showed there before — the 2×2 tiles' captions after 1×1, another tab's strips, a dialog. With
a black background pixel the X server itself paints those parts black whenever they are mapped or exposed."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging

log = logging.getLogger(__name__)

_CW_BACK_PIXEL = 2  # XCB_CW_BACK_PIXEL
_BLACK = 0  # the black pixel of a TrueColor visual


class _Cookie(ctypes.Structure):
    _fields_ = [("sequence", ctypes.c_uint)]


def _xcb() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("xcb")
    if not name:
        return None
    lib = ctypes.CDLL(name)
    lib.xcb_connect.restype = ctypes.c_void_p
    lib.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    lib.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    lib.xcb_disconnect.argtypes = [ctypes.c_void_p]
    lib.xcb_flush.argtypes = [ctypes.c_void_p]
    lib.xcb_query_tree.restype = _Cookie
    lib.xcb_query_tree.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
    lib.xcb_query_tree_reply.restype = ctypes.c_void_p
    lib.xcb_query_tree_reply.argtypes = [ctypes.c_void_p, _Cookie, ctypes.c_void_p]
    lib.xcb_query_tree_children.restype = ctypes.POINTER(ctypes.c_uint32)
    lib.xcb_query_tree_children.argtypes = [ctypes.c_void_p]
    lib.xcb_query_tree_children_length.argtypes = [ctypes.c_void_p]
    lib.xcb_change_window_attributes.restype = _Cookie
    lib.xcb_change_window_attributes.argtypes = [
        ctypes.c_void_p,
        ctypes.c_uint32,
        ctypes.c_uint32,
        ctypes.c_void_p,
    ]
    lib.xcb_get_input_focus.restype = _Cookie
    lib.xcb_get_input_focus.argtypes = [ctypes.c_void_p]
    lib.xcb_get_input_focus_reply.restype = ctypes.c_void_p
    lib.xcb_get_input_focus_reply.argtypes = [ctypes.c_void_p, _Cookie, ctypes.c_void_p]
    lib.xcb_clear_area.restype = _Cookie
    lib.xcb_clear_area.argtypes = [
        ctypes.c_void_p,
        ctypes.c_uint8,
        ctypes.c_uint32,
        ctypes.c_int16,
        ctypes.c_int16,
        ctypes.c_uint16,
        ctypes.c_uint16,
    ]
    return lib


@functools.cache
def _loaded_xcb() -> ctypes.CDLL | None:
    """libxcb, or None (logged) when it cannot be loaded. Looked up once: ``find_library`` runs ``ldconfig``
    (~1.3 ms), and the video's black background is set on the GUI thread at every receipt change."""
    try:
        return _xcb()
    except OSError as exc:
        log.debug("no libxcb: %s", exc)
        return None


@functools.cache
def _libc() -> ctypes.CDLL:
    """The C library, for ``free`` on xcb's replies (looked up once, as libxcb)."""
    return ctypes.CDLL(ctypes.util.find_library("c"))


def round_trip(connection: int) -> bool:
    """Send what another library's xcb ``connection`` (Qt's) has queued, and wait until the X server has
    done it: one request with a reply, as XSync does. Nothing else happens meanwhile. (Qt's own
    ``QGuiApplication.sync()`` also runs the application's pending events: a key press queued behind a
    click then ran in the middle of the click's handling.) False when there is no libxcb or connection.

    ``libxcb.so.1`` is the library Qt loaded: the process has it already, and loading it by that name
    again returns the same copy (a bundle may carry its own)."""
    lib = _loaded_xcb()
    if lib is None or not connection:
        return False
    conn = ctypes.c_void_p(connection)
    reply = lib.xcb_get_input_focus_reply(conn, lib.xcb_get_input_focus(conn), None)
    if reply:
        _libc().free(ctypes.c_void_p(reply))
    return bool(reply)


def black_background(window: int) -> bool:
    """Give ``window`` and every window inside it (libVLC's) a black background and clear them to it now;
    False when there is no libxcb or no X display (nothing changes then)."""
    lib = _loaded_xcb()
    if lib is None or not window:
        return False
    conn = lib.xcb_connect(None, None)
    try:
        if not conn or lib.xcb_connection_has_error(conn):
            return False
        libc = _libc()
        pending, black = [window], (ctypes.c_uint32 * 1)(_BLACK)
        while pending:
            wid = pending.pop()
            lib.xcb_change_window_attributes(conn, wid, _CW_BACK_PIXEL, black)
            lib.xcb_clear_area(conn, 0, wid, 0, 0, 0, 0)
            reply = lib.xcb_query_tree_reply(conn, lib.xcb_query_tree(conn, wid), None)
            if reply:
                children = lib.xcb_query_tree_children(reply)
                pending.extend(children[i] for i in range(lib.xcb_query_tree_children_length(reply)))
                libc.free(ctypes.c_void_p(reply))
        lib.xcb_flush(conn)
        return True
    finally:
        if conn:
            lib.xcb_disconnect(conn)
