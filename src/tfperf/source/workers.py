"""Who lints a project's files, round after round (`tfperf.source.linter`): this process, or worker
processes started once per run.

The workers stay for every round of a run. A round sends them only the answers of the project's
index that changed since the last one (`Index.apply`), and each keeps the parsed trees of the files
it linted and their walks (`Trees`), so that a file linted again in a later round is neither parsed
nor walked again while its bytes are the same. Files go out in chunks, biggest first, to whichever
worker is free; in a later round a file goes first to the worker that holds its tree; a chunk's
outcomes come back in one message. A worker that dies on a file (the interpreter crashed) costs that
file a one-line error: a new worker takes the rest of the round, and lints the files of the chunk it
died in one at a time, to find the one. After `MAX_RESPAWNS` new workers in a run, a dead worker is
not replaced: workers dying that often say the workers are the trouble (a broken environment), not
the files, and the files no worker is left for are linted in this process.

Nothing here knows how a file is linted: the linter hands in `lint(path, options, index, trees)`.
"""

from __future__ import annotations

import ast
import gc
import os
import signal
import sys
import threading
from collections import deque
from typing import TYPE_CHECKING, Callable, Sequence

from tfperf.errors import describe
from tfperf.findings import InputError
from tfperf.source.outcome import FileOutcome
from tfperf.source.project import Index

if TYPE_CHECKING:  # pragma: no cover
    from multiprocessing.connection import Connection

Item = tuple  # (path, linter Options)
Lint = Callable[[str, object, Index, "Trees"], FileOutcome]
Received = Callable[[list], None]  # told each chunk of outcomes a worker sends back, as it comes
PARALLEL_MIN_BYTES = 256_000  # a round smaller than this costs more in processes than it saves
TREE_BUDGET = 16_000_000  # bytes of source whose trees and walks one process keeps (~33x that in memory)
CHUNKS_PER_WORKER = 4  # a round's files go out in chunks that shrink as the round goes on
MAX_RESPAWNS = 3  # new workers for dead ones in a run; then the survivors, then this process, lint the rest


class Trees:
    """Files parsed in an earlier round, kept for the next: path -> (bytes, text, encoding, tree,
    analysis), up to `budget` bytes of source. A tree is reused only for the very same bytes;
    `analysis`: what the linter keeps of its last lint of the tree (the walk, what was reported)."""

    def __init__(self, budget: int = TREE_BUDGET):
        self.budget = budget
        self._kept: dict[str, tuple[bytes, str, str, ast.Module, object]] = {}

    def get(self, path: str, data: bytes) -> tuple[str, str, ast.Module, object] | None:
        kept = self._kept.get(path)
        return kept[1:] if kept is not None and kept[0] == data else None

    def keep(self, path: str, data: bytes, text: str, encoding: str, tree: ast.Module, analysis: object = None) -> None:
        old = self._kept.pop(path, None)
        self.budget += len(old[0]) if old else 0
        if len(data) <= self.budget:
            self._kept[path] = (data, text, encoding, tree, analysis)
            self.budget -= len(data)


def lint_safely(lint: Lint, path: str, options, index: Index, trees: Trees) -> FileOutcome:
    """One file's outcome, whatever happens in the rules: a bug that raises on one file is a one-line
    error for that file, and the others are still linted."""
    try:
        return lint(path, options, index, trees)
    except Exception as exc:  # noqa: BLE001 (any rule's bug: report the file, go on)
        outcome = FileOutcome(path)
        outcome.error = InputError(path, f"tfperf failed on this file ({type(exc).__name__}: {describe(exc)}); "
                                         "the file was skipped; please report this")
        return outcome


class Runner:
    """Lints each round's files: in worker processes from the first round worth them (they stay
    for the rest of the run), else in this process. `jobs`: worker processes (None: all cores, and
    none for a round under `PARALLEL_MIN_BYTES`)."""

    def __init__(self, lint: Lint, jobs: int | None, prepare: Callable[[Sequence[Item]], None] = lambda items: None):
        self.lint = lint
        self.prepare = prepare  # loads what linting these files needs, before workers inherit it
        self.jobs = max(1, jobs if jobs else (os.cpu_count() or 1))
        self.automatic = jobs is None
        self.here = InProcess(lint)
        self.workers: Workers | None = None
        self.sizes = _Sizes()  # each file's size, looked up once a run

    def run(self, items: Sequence[Item], index: Index, planned: Sequence[Item] = (),
            received: Received | None = None) -> list[FileOutcome]:
        """Lint `items` against `index`; `planned`: the files this round begins (the packages' round
        begins the first), when they, not the round alone, make processes worth starting. `received`:
        called with each chunk of outcomes a worker sends, once the worker has its next one (the caller's
        work on a round's outcomes, done while the workers lint; not called for the files linted here)."""
        if self.workers is None and self._worth_workers(planned or items) and len(items) > 1:
            self.prepare(planned or items)
            self.workers = Workers(self.lint, min(self.jobs, len(planned or items)), self.here, self.sizes)
        if self.workers is not None and self.workers.exhausted:
            return self.here.run(items, index)
        return self.workers.run(items, index, received) if self.workers is not None else self.here.run(items, index)

    def changed(self, keys: set[str]) -> None:
        if self.workers is not None:
            self.workers.changed(keys)

    def stop(self) -> None:
        """Ask the workers to end without waiting for them (`close` waits): a worker that kept many
        trees takes a while to give its memory back, which then overlaps the run's last work."""
        if self.workers is not None:
            self.workers.stop()

    def close(self) -> None:
        self.here.close()
        if self.workers is not None:
            self.workers.close()

    def _worth_workers(self, items: Sequence[Item]) -> bool:
        if self.jobs < 2 or len(items) < 2:
            return False
        return not self.automatic or sum(self.sizes[path] for path, _ in items) >= PARALLEL_MIN_BYTES


class InProcess:
    """Lints in this process (one job, or a project too small to pay for processes)."""

    def __init__(self, lint: Lint):
        self.lint = lint
        self.trees = Trees()

    def run(self, items: Sequence[Item], index: Index) -> list[FileOutcome]:
        return [lint_safely(self.lint, path, options, index, self.trees) for path, options in items]

    def changed(self, keys: set[str]) -> None:
        pass  # the linter's index is this process's

    def close(self) -> None:
        self.trees = Trees()


class Workers:
    """`count` worker processes, started at the first round with that round's index; `here` lints
    what no worker is left for."""

    def __init__(self, lint: Lint, count: int, here: InProcess, sizes: "_Sizes | None" = None):
        self.lint = lint
        self.sizes = sizes if sizes is not None else _Sizes()
        self.count = count
        self.here = here
        self.respawns = 0  # new workers started for dead ones
        self.exhausted = False  # every worker died, none replaced: this process lints the rest of the run
        self._workers: list[_Worker] = []
        self._unsent: set[str] = set()  # keys the workers' copies of the index answer differently
        self._holder: dict[str, _Worker] = {}  # path -> the worker that keeps its tree
        # a round: each worker's queue (files whose trees it keeps), the files no worker has parsed
        self._queues: dict[_Worker, deque] = {}
        self._shared: deque = deque()
        self._suspects: deque = deque()  # the files of a chunk a worker died on: sent one at a time
        self._stopped = False  # the workers were asked to end: no round is left

    def changed(self, keys: set[str]) -> None:
        """The linter's index answers `keys` differently now: tell the workers before the next round."""
        self._unsent |= keys

    def run(self, items: Sequence[Item], index: Index, received: Received | None = None) -> list[FileOutcome]:
        if not items:
            return []
        self._sync(index)
        self._queues = {worker: deque() for worker in self._workers}
        self._shared = deque()
        sizes = self.sizes
        for item in sorted(items, key=lambda it: -sizes[it[0]]):  # big files first: an even end
            holder = self._holder.get(item[0])
            (self._queues[holder] if holder in self._queues else self._shared).append(item)
        outcomes: dict[str, FileOutcome] = {}
        self._round(len(items), index, outcomes, received)
        left = [item for item in items if item[0] not in outcomes]  # no worker left for them
        self._suspects.clear()
        outcomes.update((outcome.path, outcome) for outcome in self.here.run(left, index))
        return [outcomes[path] for path, _ in items]

    def stop(self) -> None:
        """Ask every worker to end (once); `close` waits for them."""
        if not self._stopped:
            self._stopped = True
            for worker in self._workers:
                worker.stop()

    def close(self) -> None:
        """End the workers. One asked to end while idle exits on its own, and nothing waits for that:
        giving back the memory of its kept trees takes a while (~0.1 s on a 260k-line project), which
        then overlaps the report (multiprocessing reaps it: at its next start of a process, or at this
        interpreter's exit; a command-line run that ends with os._exit leaves it to the system). One
        killed in the middle of a round (Ctrl-C) is waited for."""
        self.stop()
        for worker in self._workers:
            worker.wait() if worker.busy else worker.release()
        self._workers = []

    def _sync(self, index: Index) -> None:
        if not self._workers:
            index.contexts()  # computed once here, inherited by the workers
            self._workers = [_Worker.start(self.lint, index) for _ in range(self.count)]
        elif self._unsent:
            import pickle  # here: a run that starts no worker (a warm one) does not load it

            message = pickle.dumps(("index", index.answers(self._unsent)), pickle.HIGHEST_PROTOCOL)  # once for all
            for worker in list(self._workers):
                if not worker.send_bytes(message):  # it died between rounds
                    self._workers.remove(worker)
                    self._respawn(index)
        self._unsent = set()

    def _respawn(self, index: Index) -> "_Worker | None":
        """A new worker for a dead one, with the index as it is now; None once `MAX_RESPAWNS` were
        started (`exhausted` when no worker is left)."""
        if self.respawns == MAX_RESPAWNS:
            self.exhausted = not self._workers
            return None
        self.respawns += 1
        fresh = _Worker.start(self.lint, index)
        self._workers.append(fresh)
        return fresh

    def _round(self, total: int, index: Index, outcomes: dict, received: Received | None = None) -> None:
        from multiprocessing.connection import wait

        for worker in list(self._queues):
            self._give(worker, total, index, outcomes)
        while len(outcomes) < total and self._queues:
            ready = wait([worker.results for worker in self._queues])
            for worker in [w for w in list(self._queues) if w.results in ready]:
                try:
                    chunk = worker.results.recv()
                except (EOFError, OSError):
                    self._replace(worker, index, outcomes)
                    continue
                for outcome in chunk:
                    outcomes[outcome.path] = outcome
                    self._holder[outcome.path] = worker
                worker.busy.clear()
                self._give(worker, total - len(outcomes), index, outcomes)
                if received is not None:
                    received(chunk)

    def _give(self, worker: "_Worker", left: int, index: Index, outcomes: dict) -> None:
        """Send `worker` its next chunk: files whose trees it keeps, else new ones, else another
        worker's (the smallest, from the end of its queue); a suspect file alone."""
        size = max(1, left // (len(self._queues) * CHUNKS_PER_WORKER))
        own = self._queues[worker]
        chunk = [self._suspects.popleft()] if self._suspects else [own.popleft() for _ in range(min(size, len(own)))]
        while len(chunk) < size and self._shared and not self._suspects:
            chunk.append(self._shared.popleft())
        if not chunk:
            other = max(self._queues.values(), key=len)
            if not other:
                return
            chunk.append(other.pop())
        if not worker.send(("lint", chunk)):
            self._replace(worker, index, outcomes)

    def _replace(self, dead: "_Worker", index: Index, outcomes: dict) -> None:
        """A worker died: a new worker takes its files (after `MAX_RESPAWNS`, the workers left, else
        this process). The one file of a chunk it died on gets an error; the files of a larger chunk
        are suspects, linted again one at a time to find it."""
        dead.process.join(5)
        unfinished = [item for item in dead.sent if item[0] in dead.busy]
        queue = self._queues.pop(dead)
        if len(unfinished) == 1 and dead.started:
            path = unfinished[0][0]
            outcomes[path] = _died(path, dead.process.exitcode)
        elif dead.started:
            self._suspects.extend(unfinished)
        else:
            queue.extendleft(reversed(unfinished))  # never reached it
        self._workers.remove(dead)
        fresh = self._respawn(index)
        if fresh is None:
            self._shared.extendleft(reversed(queue))  # for the workers left, else for this process
            for worker in [w for w in self._queues if not w.busy]:  # idle: nothing was left for them
                self._give(worker, len(self._shared) + len(self._suspects), index, outcomes)
            return
        self._queues[fresh] = queue
        self._give(fresh, len(queue) + len(self._shared), index, outcomes)


def _died(path: str, code: int | None) -> FileOutcome:
    outcome = FileOutcome(path)
    outcome.error = InputError(path, f"the worker process linting this file died (exit code {code}); the file was "
                                     "skipped; please report this")
    return outcome


class _Worker:
    """One worker process and the parent's ends of its pipes: `tasks` to it, `results` from it."""

    def __init__(self, process, tasks: "Connection", results: "Connection"):
        self.process = process
        self.tasks = tasks
        self.results = results
        self.busy: set[str] = set()  # files sent, not yet back
        self.sent: list[Item] = []  # the last chunk sent
        self.started = False  # whether the last chunk reached the worker

    @classmethod
    def start(cls, lint: Lint, index: Index) -> "_Worker":
        context = _pool_context()
        tasks_in, tasks = context.Pipe(duplex=False)
        results, results_out = context.Pipe(duplex=False)
        _widen(results_out)
        process = context.Process(target=_serve, args=(tasks_in, results_out, lint, index), daemon=True)
        process.start()
        tasks_in.close()
        results_out.close()
        return cls(process, tasks, results)

    def send(self, message: tuple) -> bool:
        """False when the worker is gone."""
        if message[0] == "lint":
            self.sent, self.started = list(message[1]), False
            self.busy.update(path for path, _ in self.sent)
        try:
            self.tasks.send(message)
        except OSError:
            return False
        self.started = message[0] == "lint"
        return True

    def send_bytes(self, message: bytes) -> bool:
        """A message pickled already (the same to every worker); False when the worker is gone."""
        try:
            self.tasks.send_bytes(message)
        except OSError:
            return False
        return True

    def stop(self) -> None:
        """Ask the process to end (`wait` for it): killed when the run ends in the middle of a
        round (Ctrl-C)."""
        try:
            if self.busy:
                self.process.kill()
            else:
                self.tasks.send(None)
        except OSError:
            pass

    def wait(self) -> None:
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.release()

    def release(self) -> None:
        """Close this end of the pipes (a worker asked to end has its last message already)."""
        self.tasks.close()
        self.results.close()


def _widen(pipe: "Connection") -> None:
    """A pipe that holds a chunk's outcomes (Linux: 1 MiB, the most a user may ask for): a worker
    writing them must not wait for the parent to be scheduled to read."""
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass  # the system's size: the same results, a worker may wait a little


def _serve(tasks: "Connection", results: "Connection", lint: Lint, index: Index) -> None:
    """A worker's loop: apply the index's changes, lint chunks, send back each chunk's outcomes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    gc.disable()  # linting leaves no cycles worth a collection, and the kept trees are many objects
    trees = Trees()
    while True:
        message = tasks.recv()
        if message is None:
            os._exit(0)  # at once: freeing the kept trees one by one would take longer than the round
        kind, body = message
        if kind == "index":
            index.apply(body)
            continue
        # a chunk's outcomes in one message: the parent wakes once per chunk, not per file
        results.send([lint_safely(lint, path, options, index, trees) for path, options in body])


class _Sizes(dict):
    """path -> the file's size in bytes (0: unreadable), asked of the file system once (a round orders
    its files by size: a stat of each file every round, on the critical path between rounds)."""

    def __missing__(self, path: str) -> int:
        try:
            size = os.path.getsize(path)
        except OSError:
            size = 0
        self[path] = size
        return size


def _pool_context():
    # fork is fastest (the workers inherit the imported rules and the index), but forking a process
    # that runs threads (TensorFlow, a notebook kernel) can deadlock the child: use a fork server then.
    import multiprocessing

    if sys.platform.startswith("linux") and threading.active_count() == 1 and "tensorflow" not in sys.modules:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    if hasattr(context, "set_forkserver_preload"):
        context.set_forkserver_preload(["tfperf.source.linter"])
    return context
