"""`context.search_at`: a pattern tried only where the plain strings its matches start with occur answers as a
search of the whole text does, word boundaries and look-behinds before the place included."""

from __future__ import annotations

import pytest

from tfperf.rules.l2_loss.own_step import LOSSES_READ
from tfperf.rules.l2_loss.source import _reads_regularization
from tfperf.source.context import RESTORE_TEXT, _RESTORES, says_restore, search_at

TEXTS = [
    "",
    "ckpt.restore(path)",
    "restore",
    "ckpt.restored = True",  # (no word)
    "unrestore(x)\nx.restore_all()",
    "model.load_weights(p)",
    "model.load_weightsX(p); y = load_model(q)",
    "éload_model(q)",  # a letter before: no word boundary
    "_latest_checkpoint(d) + latest_checkpoint(d)",
]

READS = [
    "loss = tf.add_n(model.losses)",
    "loss = tf.losses.mean_squared_error(a, b)",  # a module's function: not the list
    "x = tf.keras.losses.Huber()",
    "n = len(self.losses )\n",
    "pattern = re.compile(r'x')",
    "pattern = regex.compile(r'x')",
    "model.compile(optimizer, loss)",
    "x = are.compile(y)",  # (`\\bre` needs the word: `are.compile` is a call of a method compile)
    "a.losses.b; c.losses",
]


@pytest.mark.parametrize("text", TEXTS)
def test_a_restoring_word_is_found_where_a_search_finds_it(text):
    assert says_restore(text) == (RESTORE_TEXT.search(text) is not None)
    assert search_at(RESTORE_TEXT, _RESTORES, text) == says_restore(text)


@pytest.mark.parametrize("text", READS)
def test_a_read_of_the_losses_is_found_where_a_search_finds_it(text):
    assert search_at(LOSSES_READ, (".losses", ".compile("), text) == (LOSSES_READ.search(text) is not None)
    assert _reads_regularization(text) == (LOSSES_READ.search(text) is not None)
