"""A loaded web server keeps its long-lived objects out of the garbage collector's full passes
(which cost a request 40-60 ms at random), and still frees what requests leave behind."""

import gc
import weakref

from config import heap


class Node:
    pass


def test_a_loaded_servers_objects_are_frozen_and_new_garbage_is_still_freed():
    gc.unfreeze()
    try:
        heap.settle()
        # Django, the views, the charts and plotly: far more than a bare interpreter's.
        assert gc.get_freeze_count() > 20_000
        assert gc.isenabled()
        cycle = Node()
        cycle.self = cycle
        gone = weakref.ref(cycle)
        del cycle
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
